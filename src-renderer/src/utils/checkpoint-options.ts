import type { RunSummary } from '@shared/domain/run';

/** The checkpoint picker of the generate and translate forms: `latest` (with its step), then every saved step, newest first. */
export function checkpointOptions(run: RunSummary | null): { label: string; value: number | 'latest' }[] {
  const steps = run?.checkpoints ?? [];
  return [
    { label: `latest${steps.length ? ` (step ${steps.at(-1)})` : ''}`, value: 'latest' },
    ...[...steps].reverse().map((s) => ({ label: `step ${s}`, value: s })),
  ];
}
