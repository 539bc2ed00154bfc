import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_WORKLOADS } from '../../src-main/bench/training-workloads';
import { resolveBackend } from '../../src-main/engine/compute/resolve-backend';
import { buildUNet, unetShape } from '../../src-main/engine/models/diffusion/networks';
import { DIFFUSION_DEFAULTS, diffusionSpec } from '../../src-main/engine/models/diffusion/spec';
import { disposeParams } from '../../src-main/engine/models/params';

// The bench's training workloads are the production models (built from the registry, stepped by their trainers):
// these check that they build exactly the networks of ../shared/bench/README.md and torch_reference.py, layer by
// layer. The trainable variables a workload's setup creates are read from tfjs's registry of variables, so the test
// sees what the workload really built, not a description of it.

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

/** torch layers → the tfjs parameter shapes of the same layer (conv [k, k, in, out]; transposed conv [k, k, out, in]). */
const torch = {
  linear: (a: number, b: number) => [[a, b], [b]],
  conv: (a: number, b: number, k: number) => [[k, k, a, b], [b]],
  convT: (a: number, b: number, k: number) => [[k, k, b, a], [b]],
  embedding: (n: number, d: number) => [[n, d]],
  norm: (c: number) => [[c], [c]], // BatchNorm2d / InstanceNorm2d(affine=True): weight and bias
};

/** torch_reference.py's modules, as parameter shapes. */
const CGAN28 = {
  g: [torch.embedding(10, 50), torch.linear(150, 7 * 7 * 128), torch.convT(128, 64, 4), torch.norm(64), torch.convT(64, 1, 4)],
  d: [torch.embedding(10, 50), torch.linear(50, 28 * 28), torch.conv(2, 64, 4), torch.conv(64, 128, 4), torch.linear(128 * 7 * 7, 1)],
};
const CGAN64 = {
  g: [torch.embedding(10, 50), torch.linear(150, 8 * 8 * 256), torch.convT(256, 128, 4), torch.norm(128), torch.convT(128, 64, 4), torch.norm(64),
    torch.convT(64, 3, 4)],
  d: [torch.embedding(10, 50), torch.linear(50, 64 * 64), torch.conv(4, 64, 4), torch.conv(64, 128, 4), torch.conv(128, 256, 4), torch.linear(256 * 8 * 8, 1)],
};
const cir = (a: number, b: number, k: number) => [torch.conv(a, b, k), torch.norm(b)];
const RESNET_G = [...cir(3, 32, 7), ...cir(32, 64, 3), ...cir(64, 128, 3), ...Array.from({ length: 3 }, () => [...cir(128, 128, 3), ...cir(128, 128, 3)]).flat(),
  torch.convT(128, 64, 3), torch.norm(64), torch.convT(64, 32, 3), torch.norm(32), torch.conv(32, 3, 7)];
const PATCH_D = [torch.conv(3, 64, 4), ...cir(64, 128, 4), ...cir(128, 256, 4), torch.conv(256, 1, 3)];

const key = (shapes: number[][]): string[] => shapes.map((s) => s.join('x')).sort();
const size = (shapes: number[][]): number => shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);

/** Sets the workload up; returns the session and the shapes of the trainable variables it created. */
async function built(name: string) {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const tensorsBefore = tf.memory().numTensors;
  const session = await TRAINING_WORKLOADS[name]!.setup({ backend: 'wasm' });
  const created = Object.entries(tf.engine().registeredVariables).filter(([n]) => !before.has(n)).map(([, v]) => v);
  const trainable = created.filter((v) => v.trainable).map((v) => v.shape);
  return { session, trainable, created, tensorsBefore };
}

/** Two steps leave as many tensors as one; disposing frees every variable the workload made, and all it held. */
async function expectStepsWithoutLeaking({ session, created, tensorsBefore }: Pick<Awaited<ReturnType<typeof built>>, 'session' | 'created' | 'tensorsBefore'>): Promise<void> {
  await session.step();
  const after = tf.memory().numTensors;
  await session.step();
  expect(tf.memory().numTensors).toBe(after);
  await session.dispose();
  expect(created.every((v) => v.isDisposed)).toBe(true);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
}

describe('bench training workloads', () => {
  it('cgan28: the README\'s conditional DCGAN at 28×28×1 (G 1,079,861 and D 180,069 parameters, as torch counts them); it steps without leaking', async () => {
    const expected = [...CGAN28.g.flat(), ...CGAN28.d.flat()];
    expect([size(CGAN28.g.flat()), size(CGAN28.d.flat())]).toEqual([1_079_861, 180_069]);
    const w = TRAINING_WORKLOADS.cgan28!;
    expect([w.imagesPerStep, w.torchName]).toEqual([64, 'cgan28']);
    const b = await built('cgan28');
    expect(key(b.trainable)).toEqual(key(expected));
    await expectStepsWithoutLeaking(b);
  });

  it('cgan64: the same at 64×64×3 (G 3,133,495 and D 885,685 parameters)', async () => {
    const expected = [...CGAN64.g.flat(), ...CGAN64.d.flat()];
    expect([size(CGAN64.g.flat()), size(CGAN64.d.flat())]).toEqual([3_133_495, 885_685]);
    expect(TRAINING_WORKLOADS.cgan64!.imagesPerStep).toBe(64);
    const { session, trainable, tensorsBefore } = await built('cgan64');
    expect(key(trainable)).toEqual(key(expected));
    await session.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('cyclegan64: two ResNet generators (ngf 32, 3 blocks) and two PatchGANs (ndf 64, 8×8 map): 3,487,368 parameters; it steps without leaking', async () => {
    const expected = [...RESNET_G.flat(), ...RESNET_G.flat(), ...PATCH_D.flat(), ...PATCH_D.flat()];
    expect(size(expected)).toBe(3_487_368);
    expect(TRAINING_WORKLOADS.cyclegan64!.imagesPerStep).toBe(1);
    const b = await built('cyclegan64');
    expect(key(b.trainable)).toEqual(key(expected));
    await expectStepsWithoutLeaking(b);
  });

  it('diffusion28: the diffusion model\'s balanced U-Net (width 16, 10 classes), with no PyTorch reference; it steps without leaking', async () => {
    const w = TRAINING_WORKLOADS.diffusion28!;
    expect([w.imagesPerStep, w.torchName]).toEqual([64, undefined]);
    const cfg = { ...DIFFUSION_DEFAULTS, ...diffusionSpec.presets.balanced!.values, resolution: 28 as const, channels: 1 as const };
    const reference = buildUNet(unetShape(cfg, 10), cfg.seed);
    const expected = Object.values(reference).map((v) => v.shape);
    disposeParams(reference);
    const b = await built('diffusion28');
    expect(key(b.trainable)).toEqual(key(expected));
    await expectStepsWithoutLeaking(b);
  });
});
