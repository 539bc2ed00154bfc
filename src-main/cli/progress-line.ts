/** A one-line progress bar on stderr (a TTY redraws it in place; logs get a line every few seconds). */
export function createProgressLine(label: string) {
  const tty = process.stderr.isTTY === true;
  let lastPrint = 0;
  return {
    update(done: number, total: number, extra = ''): void {
      const now = Date.now();
      if (!tty && now - lastPrint < 3000 && done < total) return;
      lastPrint = now;
      const width = 24;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      const line = `${label} ${bar} ${done}/${total}${extra ? `  ${extra}` : ''}`;
      process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    done(): void {
      if (tty) process.stderr.write('\n');
    },
  };
}

/** "3m 20s" for an ETA in seconds. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const s = Math.round(seconds);
  return s >= 60 ? `ETA ${Math.floor(s / 60)}m ${s % 60}s` : `ETA ${s}s`;
}
