/** UI events at most every 250 ms (≈4 a second), database writes at most every second; the last one always. */
export function createProgressThrottle(
  jobId: string,
  emit: (p: { jobId: string; step: number; totalSteps: number; stepsPerSecond: number; etaSeconds: number | null; metrics: Record<string, number> }) => void,
  persist: (step: number, totalSteps: number) => void,
  now: () => number = Date.now,
) {
  const startedAt = now();
  let firstStep: number | null = null;
  let lastEmit = 0;
  let lastPersist = 0;
  let pending: { step: number; totalSteps: number; metrics: Record<string, number> } | null = null;

  function send(p: { step: number; totalSteps: number; metrics: Record<string, number> }): void {
    const elapsed = (now() - startedAt) / 1000;
    const done = p.step - (firstStep ?? p.step) + 1;
    const stepsPerSecond = elapsed > 0 ? done / elapsed : 0;
    const etaSeconds = stepsPerSecond > 0 ? Math.max(0, (p.totalSteps - p.step) / stepsPerSecond) : null;
    emit({ jobId, step: p.step, totalSteps: p.totalSteps, stepsPerSecond, etaSeconds, metrics: p.metrics });
  }

  return {
    push(step: number, totalSteps: number, metrics: Record<string, number>): void {
      firstStep ??= step;
      pending = { step, totalSteps, metrics };
      const t = now();
      if (t - lastEmit >= 250) {
        lastEmit = t;
        send(pending);
        pending = null;
      }
      if (t - lastPersist >= 1000) {
        lastPersist = t;
        persist(step, totalSteps);
      }
    },
    flush(): void {
      if (pending) {
        send(pending);
        persist(pending.step, pending.totalSteps);
        pending = null;
      }
    },
  };
}
