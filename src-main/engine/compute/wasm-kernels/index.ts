import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL, adamUpdate } from './adam-update';
import { makeBatchMatMul } from './batch-mat-mul';
import { makeConcat, makeSplitV } from './concat-split';
import { makeMean, makeSum } from './reduce-outer';
import { makeConv2DBackpropFilterAuto, makeConv2DBackpropFilterDilated, makeConv2DBackpropFilterGemm } from './conv2d-backprop-filter';
import { makeConv2DBackpropFilterRows } from './conv2d-backprop-filter-rows';
import { makeConv2DBackpropInput, makeConv2DBackpropInputAuto } from './conv2d-backprop-input';
import { makeConv2DBackpropInputGemm } from './conv2d-backprop-input-gemm';
import { REFLECTION_PAD_GRAD_KERNEL, reflectionPadGrad } from './reflection-pad-grad';
import { LEAKY_RELU_GRAD_KERNEL, leakyReluGrad, makeLeakyRelu, registerLeakyReluGradient } from './leaky-relu';
import { makeIdentity } from './identity';
import { makeNorm, makeNormGrad, NORM_GRAD_KERNEL, NORM_KERNEL } from './norm';
import { stockKernel } from './kernel-helpers';
import { unsortedSegmentSum } from './unsorted-segment-sum';

/** Which `Conv2DBackpropFilter` to register; 'auto' (default) picks per call from measured shapes. */
export type BackpropFilterVariant = 'auto' | 'gemm' | 'dilated' | 'rows';
/** Which `Conv2DBackpropInput` to register; 'auto' (default) picks per call from measured shapes. */
export type BackpropInputVariant = 'auto' | 'gemm' | 'conv';

let registered: string | null = null;
let registeredInput: BackpropInputVariant | null = null;

function replaceKernel(kernelName: string, kernelFunc: unknown): void {
  if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
}

/**
 * Registers, for the `wasm` backend, the kernels a GAN training step needs that tfjs-backend-wasm 4.22 lacks or
 * runs slowly:
 * - missing: `Conv2DBackpropFilter` (every conv weight gradient), `UnsortedSegmentSum` (gather/embedding gradient);
 * - slow: `Conv2DBackpropInput` (also the forward of conv2dTranspose), `BatchMatMul` with transposes (matMul
 *   gradients), `Concat`/`SplitV` of thin channel slices, `Sum`/`Mean` over leading axes (bias and norm gradients);
 * - branchy: `LeakyRelu` (through XNNPACK's PReLU) and its gradient (`GanStudioLeakyReluGrad`, used by the
 *   gradient we register);
 * - copying: `Identity` (every tensor saved for a backward pass) shares its input's buffer;
 * - ours: `GanStudioAdamUpdate`, a one-pass Adam update that `createAdam` uses when registered, and the
 *   reflection-pad gradient as one kernel (ops/reflection-pad.ts uses it when registered), and batch/instance norm
 *   as one kernel each way (ops/norms.ts), native passes inside.
 * Call after the wasm module is loaded (its stock kernels register at import: ours wrap them) and before training.
 * Idempotent; another `backpropFilter` or `backpropInput` variant re-registers only that kernel (tests and
 * benchmarks compare them).
 */
export function registerWasmTrainingKernels(opts: { backpropFilter?: BackpropFilterVariant; backpropInput?: BackpropInputVariant } = {}): void {
  const variant = opts.backpropFilter ?? 'auto', inputVariant = opts.backpropInput ?? 'auto';
  if (registered === variant && registeredInput === inputVariant) return;
  // Capture stock kernels before replacing any: ours call the native ones directly.
  const filterKernel = variant === 'gemm' ? makeConv2DBackpropFilterGemm()
    : variant === 'dilated' ? makeConv2DBackpropFilterDilated()
      : variant === 'rows' ? makeConv2DBackpropFilterRows(makeConv2DBackpropFilterGemm()) : makeConv2DBackpropFilterAuto();
  if (registeredInput !== inputVariant) {
    replaceKernel('Conv2DBackpropInput', inputVariant === 'gemm' ? makeConv2DBackpropInputGemm()
      : inputVariant === 'conv' ? makeConv2DBackpropInput() : makeConv2DBackpropInputAuto());
    registeredInput = inputVariant;
  }
  if (registered === null) {
    replaceKernel('UnsortedSegmentSum', unsortedSegmentSum);
    replaceKernel('BatchMatMul', makeBatchMatMul());
    replaceKernel('Concat', makeConcat());
    replaceKernel('SplitV', makeSplitV());
    replaceKernel('Sum', makeSum());
    replaceKernel('Mean', makeMean());
    replaceKernel(ADAM_UPDATE_KERNEL, adamUpdate);
    replaceKernel('LeakyRelu', makeLeakyRelu());
    replaceKernel(LEAKY_RELU_GRAD_KERNEL, leakyReluGrad);
    registerLeakyReluGradient();
    replaceKernel(REFLECTION_PAD_GRAD_KERNEL, reflectionPadGrad);
    replaceKernel('Identity', makeIdentity(stockKernel('Identity')));
    replaceKernel(NORM_KERNEL, makeNorm());
    replaceKernel(NORM_GRAD_KERNEL, makeNormGrad());
  }
  replaceKernel('Conv2DBackpropFilter', filterKernel);
  registered = variant;
}
