import type { CganRunConfig } from './spec';

/** The shape of a conditional DCGAN at one resolution (derived from the run config). */
export interface CganArch {
  resolution: CganRunConfig['resolution'];
  channels: 1 | 3;
  classes: number;
  zDim: number;
  embDim: number;
  dHead: CganRunConfig['dHead'];
  /** Side of G's first feature map (after the dense layer). */
  baseSide: number;
  /** G depths: first map, then after each hidden upsampling (the last upsampling outputs the image). */
  genChannels: number[];
  /** D conv depths, k4 s2 each. */
  discChannels: number[];
  /** Group size of D's minibatch standard deviation feature (0 = none, as in runs before issue 12). */
  minibatchStd: number;
  /** Whether z also modulates (FiLM) every hidden G layer, not only the first dense layer. */
  zFilm: boolean;
  /** Whether the class embedding also modulates (FiLM) every hidden G layer: BigGAN's class-conditional BatchNorm. */
  classFilm: boolean;
  /** How G doubles its maps: k4 s2 transposed convs (DCGAN), or nearest-neighbour 2× then a k3 conv (resize-conv). */
  upsample: 'transposed' | 'resize';
  /** Extra k3 s1 conv layers at G's last hidden map (BN + LeakyReLU each) and at D's last map (0 in runs before it). */
  depth: number;
  /** Whether D has an auxiliary class head (AC-GAN): absent from runs before it, so off. */
  aux: boolean;
}

/**
 * Architecture per resolution; `width` = w. At w = 64 with the label-channel head, the 28 and 64 px shapes are the
 * benchmark's cgan28 and cgan64 (../shared/bench/README.md). 28: 7→14→28; 32: 4→8→16→32; 64: 8→16→32→64;
 * 128: 8→16→32→64→128.
 */
export function cganArch(o: { resolution: CganArch['resolution']; channels: 1 | 3; classes: number; width: number; zDim: number;
  embDim: number; dHead: CganArch['dHead']; minibatchStd?: number; zFilm?: boolean; classFilm?: boolean; depth?: number; upsample?: 'transposed' | 'resize'; auxClassifier?: number }): CganArch {
  const w = o.width;
  // Absent options (configs written before issue 12) mean off: the same networks as then.
  const base = { resolution: o.resolution, channels: o.channels, classes: o.classes, zDim: o.zDim, embDim: o.embDim, dHead: o.dHead,
    minibatchStd: o.minibatchStd ?? 0, zFilm: o.zFilm ?? false, classFilm: o.classFilm ?? false, depth: o.depth ?? 0, upsample: o.upsample ?? 'transposed', aux: (o.auxClassifier ?? 0) > 0 };
  switch (o.resolution) {
    case 28: return { ...base, baseSide: 7, genChannels: [2 * w, w], discChannels: [w, 2 * w] };
    case 32: return { ...base, baseSide: 4, genChannels: [4 * w, 2 * w, w], discChannels: [w, 2 * w, 4 * w] };
    case 64: return { ...base, baseSide: 8, genChannels: [4 * w, 2 * w, w], discChannels: [w, 2 * w, 4 * w] };
    case 128: return { ...base, baseSide: 8, genChannels: [8 * w, 4 * w, 2 * w, w], discChannels: [w, 2 * w, 4 * w, 8 * w] };
  }
}
