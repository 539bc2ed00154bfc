import type { RunStatus } from '@shared/domain/job';

/**
 * Same rule as `isFinalStatus` in shared/domain/job, restated here because importing a value from that module
 * would pull zod into the renderer bundle for one comparison.
 */
export function isFinal(status: RunStatus): boolean {
  return status === 'completed' || status === 'stopped' || status === 'failed';
}
