import type { DatasetProgress } from '../../shared/domain/dataset';

/** Throttles progress reports to one per 100 ms and works out the rate and the time left. */
export class ProgressMeter {
  private readonly started = Date.now();
  private last = 0;

  constructor(private readonly onProgress?: (p: DatasetProgress) => void) {}

  /** Reports now when `force`, otherwise at most every 100 ms. */
  report(phase: DatasetProgress['phase'], done: number, total: number, skipped: number, force: boolean): void {
    if (!this.onProgress) return;
    const now = Date.now();
    if (!force && now - this.last < 100 && done < total) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const imagesPerSecond = seconds > 0 ? done / seconds : 0;
    const etaSeconds = imagesPerSecond > 0 ? Math.max(0, (total - done) / imagesPerSecond) : null;
    this.onProgress({ phase, done, total, skipped, imagesPerSecond, etaSeconds });
  }
}
