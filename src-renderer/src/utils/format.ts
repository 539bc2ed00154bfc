/** "0:42", "12:05", "1h 02m": an ETA a person can read at a glance. Null or non-finite → "—". */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Fraction done in percent (0–100), 0 when the total is unknown. */
export function percentDone(step: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((step / total) * 1000) / 10) : 0;
}

/**
 * Local time of an ISO timestamp: the time alone for today ("14:03:27"), with the day before it otherwise
 * ("Dec 6, 14:03"), and the year when it is not this year: runs and evaluations are listed across days.
 */
export function formatTime(iso: string | null, now = new Date()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString();
  const year = d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' as const };
  return d.toLocaleString(undefined, { ...year, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** "812 B", "14.2 kB", "3.1 MB": sizes in decimal units, as file managers show them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = -1;
  do {
    v /= 1000;
    i += 1;
  } while (v >= 1000 && i < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
