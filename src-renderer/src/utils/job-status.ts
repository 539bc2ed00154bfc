import type { RunStatus } from '@shared/domain/job';

/**
 * Same rule as `isFinalStatus` in shared/domain/job, restated here because importing a value from that module
 * would pull zod into the renderer bundle for one comparison.
 */
export function isFinal(status: RunStatus): boolean {
  return status === 'completed' || status === 'stopped' || status === 'failed';
}

/** The colour of a job's or run's progress bar (naive-ui's NProgress `status`): red failed, green done, amber held. */
export function progressStatus(status: RunStatus): 'error' | 'success' | 'warning' | 'default' {
  if (status === 'failed') return 'error';
  if (status === 'completed') return 'success';
  if (status === 'paused' || status === 'interrupted') return 'warning';
  return 'default';
}
