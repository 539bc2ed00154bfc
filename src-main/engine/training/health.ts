
/** A health warning, stored with the run and logged: `code` is stable. */
export interface HealthWarning {
  code: 'd_winning' | 'mode_collapse' | 'oscillation';
  message: string;
}

/** How the D-winning warning names D's score on the fakes, and what it suggests. */
export interface DWinningWording {
  score: string;
  advice: string;
}

/**
 * Watches a run's metrics for the classic GAN failures and says so once per episode (a warning is raised again
 * only after the condition cleared):
 * - D winning: D(G(z)) near 0 (or D loss near 0) for `window` steps in a row: G's gradients vanish.
 * - oscillation: G's loss, averaged per block of `window` steps, swings far around its mean.
 * - mode collapse (checkDiversity): samples of a class far less diverse than the real images of that class, both
 *   measured in a feature space that sees shape (shape-features.ts), not in pixels: pixel distance counted a
 *   collapsed generator's brightness changes as diversity and stayed quiet (issue 12).
 */
export class HealthMonitor {
  private dWinningFor = 0;
  private dWinningRaised = false;
  private blockSum = 0;
  private blockN = 0;
  private blocks: number[] = [];
  private oscillationRaised = false;
  private collapsed = new Set<string>();

  /**
   * `wording`: how the D-winning warning names D's score on the fakes and what it suggests (each model's spec says);
   * a model without a discriminator has none, and reports no `dFake` for `observe` to judge.
   */
  constructor(private readonly window: number, private readonly wording: DWinningWording = { score: "D's score on the fakes", advice: 'try a lower D learning rate' }) {}

  /** A step's metrics; a model that reports no `dFake`, `lossD` or `lossG` is not judged on what it lacks. */
  observe(step: number, m: Record<string, number>): HealthWarning[] {
    if (m.dFake === undefined || m.lossD === undefined || m.lossG === undefined) return [];
    const out: HealthWarning[] = [];
    const winning = m.dFake < 0.02 || m.lossD < 0.02;
    this.dWinningFor = winning ? this.dWinningFor + 1 : 0;
    if (this.dWinningFor >= this.window && !this.dWinningRaised) {
      this.dWinningRaised = true;
      out.push({ code: 'd_winning', message: `the discriminator is winning: ${this.wording.score} = ${m.dFake.toFixed(3)}, D loss = ${m.lossD.toFixed(3)} ` +
        `for ${this.dWinningFor} steps up to step ${step}, so the generator's gradients vanish; ${this.wording.advice}` });
    }
    if (this.dWinningFor === 0) this.dWinningRaised = false;

    this.blockSum += m.lossG;
    if (++this.blockN === this.window) {
      this.blocks.push(this.blockSum / this.blockN);
      this.blockSum = 0;
      this.blockN = 0;
      if (this.blocks.length > 8) this.blocks.shift();
      const swing = oscillationOf(this.blocks);
      if (swing > 0.5 && !this.oscillationRaised) {
        this.oscillationRaised = true;
        out.push({ code: 'oscillation', message: `the generator's loss oscillates (block means swing ±${(swing * 100).toFixed(0)}% around their mean ` +
          `up to step ${step}): training may not converge; try lower learning rates` });
      } else if (swing < 0.25) this.oscillationRaised = false;
    }
    return out;
  }

  /**
   * `fake` and `real`: per class, the within-class spread (mean pairwise distance of shape features) of samples and
   * of real images. A class whose samples spread less than `ratio` × its real images' has collapsed: its samples
   * are one garment, object or face drawn again and again. Warns about classes that newly fell below.
   */
  checkDiversity(step: number, classNames: string[], fake: number[], real: number[], ratio = COLLAPSE_RATIO): HealthWarning[] {
    const ratios = classNames.map((_, i) => ((real[i] ?? 0) > 0 ? (fake[i] ?? 0) / real[i]! : Number.NaN));
    const low = classNames.filter((_, i) => ratios[i]! < ratio);
    const fresh = low.filter((c) => !this.collapsed.has(c));
    this.collapsed = new Set(low);
    if (fresh.length === 0) return [];
    const named = classNames.map((c, i) => ({ c, r: ratios[i]! })).filter((x) => fresh.includes(x.c)).sort((a, b) => a.r - b.r);
    const list = named.slice(0, 6).map((x) => `'${x.c}' ${x.r.toFixed(2)}×`).join(', ') + (named.length > 6 ? ` and ${named.length - 6} more` : '');
    return [{ code: 'mode_collapse', message: `mode collapse at step ${step}: within a class, the samples vary far less than the real images ` +
      `(${list} the real spread, in shape features; below ${ratio}× counts as collapsed), so the generator draws nearly the same image ` +
      `whatever its noise; samples like these can make a classifier worse. Try the 'balanced' preset (mode seeking), or more steps` }];
  }
}

/**
 * Samples/real within-class spread below which a class counts as collapsed. Measured on Fashion-MNIST (100 per
 * class, 28 px, scripts/screen-cgan-diversity.ts, 24 probe samples per class): other real images ≥ 0.78 per class;
 * today's balanced preset 0.35–0.64 (step 300) and 0.39–0.69 (step 600); mode seeking λ 0.1 1.0–1.6.
 */
export const COLLAPSE_RATIO = 0.6;

/** Relative spread of block means: mean |x − mean| / |mean|; 0 with fewer than 4 blocks. */
function oscillationOf(blocks: number[]): number {
  if (blocks.length < 4) return 0;
  const mean = blocks.reduce((a, b) => a + b, 0) / blocks.length;
  if (Math.abs(mean) < 1e-6) return 0;
  return blocks.reduce((a, b) => a + Math.abs(b - mean), 0) / blocks.length / Math.abs(mean);
}

/** Mean pairwise L2 distance between the images of each class. `images` flat [N, D], `labels` [N]. */
export function classDiversity(images: Float32Array | Uint8Array, dim: number, labels: ArrayLike<number>, classes: number, scale = 1): number[] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]!]?.push(i);
  return byClass.map((rows) => {
    let sum = 0, n = 0;
    for (let a = 0; a < rows.length; a++) {
      for (let b = a + 1; b < rows.length; b++) {
        let d = 0;
        const oa = rows[a]! * dim, ob = rows[b]! * dim;
        for (let k = 0; k < dim; k++) {
          const t = (images[oa + k]! - images[ob + k]!) * scale;
          d += t * t;
        }
        sum += Math.sqrt(d);
        n++;
      }
    }
    return n ? sum / n : 0;
  });
}
