import { Rng, type RngState } from './rng';

/**
 * A run's random streams, by number: the loop and the model draw from them, and a checkpoint stores every one, so
 * a resumed run draws exactly what an uninterrupted one would. Each number seeds its own stream from the run seed.
 */
export class RngStreams {
  private readonly streams = new Map<number, Rng>();

  constructor(private readonly seed: number) {}

  get(stream: number): Rng {
    let rng = this.streams.get(stream);
    if (!rng) {
      rng = new Rng(this.seed, stream);
      this.streams.set(stream, rng);
    }
    return rng;
  }

  snapshot(): Record<string, { s: RngState; spare: number | null }> {
    return Object.fromEntries([...this.streams].map(([k, r]) => [String(k), r.getState()]));
  }

  restore(snap: Record<string, { s: RngState; spare: number | null }>): void {
    for (const [k, s] of Object.entries(snap)) this.get(Number(k)).setState(s);
  }
}
