import type { Rng } from '../../training/rng';

/**
 * The history of generated images a discriminator also learns from (Shrivastava et al. 2017; CycleGAN's
 * ImagePool): until full, each new fake is stored and shown; then with probability ½ a random stored image is
 * shown and replaced by the new one, else the new one is shown. Plain floats on the CPU, so a checkpoint stores
 * it and a resumed run draws the same images.
 */
export class ImagePool {
  images: Float32Array[] = [];

  constructor(readonly capacity: number, readonly frame: number) {}

  /** `fakes` [B, frame] (flat) → the images D sees, same layout. Draws from `rng` only once the pool is full. */
  query(fakes: Float32Array, rng: Rng): Float32Array {
    if (this.capacity === 0) return fakes;
    const B = fakes.length / this.frame;
    const out = new Float32Array(fakes.length);
    for (let i = 0; i < B; i++) {
      const img = fakes.slice(i * this.frame, (i + 1) * this.frame);
      if (this.images.length < this.capacity) {
        this.images.push(img);
        out.set(img, i * this.frame);
      } else if (rng.uniform() > 0.5) {
        const j = rng.int(this.capacity);
        out.set(this.images[j]!, i * this.frame);
        this.images[j] = img;
      } else out.set(img, i * this.frame);
    }
    return out;
  }

  /** All stored images back to back [n · frame]. */
  flat(): Float32Array {
    const out = new Float32Array(this.images.length * this.frame);
    this.images.forEach((img, i) => out.set(img, i * this.frame));
    return out;
  }

  /** Restores from `flat()` output. */
  restore(flat: Float32Array): void {
    if (flat.length % this.frame !== 0) throw new Error(`image pool: ${flat.length} values are not whole images of ${this.frame}`);
    const n = flat.length / this.frame;
    if (n > this.capacity) throw new Error(`image pool: ${n} stored images exceed its capacity ${this.capacity}`);
    this.images = Array.from({ length: n }, (_, i) => flat.slice(i * this.frame, (i + 1) * this.frame));
  }
}
