import * as tf from '@tensorflow/tfjs';
import { makeBatchMatMul } from './batch-mat-mul';
import { makeConcat, makeSplitV } from './concat-split';
import { makeConv2DBackpropFilterDilated, makeConv2DBackpropFilterGemm } from './conv2d-backprop-filter';
import { makeConv2DBackpropInput } from './conv2d-backprop-input';
import { unsortedSegmentSum } from './unsorted-segment-sum';

/** Which `Conv2DBackpropFilter` implementation to register (the benchmark picked the default). */
export type BackpropFilterVariant = 'gemm' | 'dilated';

let registered: BackpropFilterVariant | null = null;

function replaceKernel(kernelName: string, kernelFunc: unknown): void {
  if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
}

/**
 * Registers the kernels a GAN training step needs on the `wasm` backend and that tfjs-backend-wasm 4.22 lacks or
 * runs slowly: `Conv2DBackpropFilter`, `UnsortedSegmentSum`, a faster `Conv2DBackpropInput` (also the forward
 * pass of `conv2dTranspose`) a `BatchMatMul` whose transposed cases (matMul gradients) reach XNNPACK, and `Concat`/`SplitV`
 * that copy thin channel slices without one call per row. Idempotent; call after the wasm backend module is loaded (its stock kernels are
 * registered at import time) and before training. Passing another variant re-registers the filter kernel.
 */
export function registerWasmTrainingKernels(opts: { backpropFilter?: BackpropFilterVariant } = {}): void {
  const variant = opts.backpropFilter ?? 'gemm';
  if (registered === variant) return;
  // Capture stock kernels before replacing any: ours call the native ones directly.
  const filterKernel = variant === 'gemm' ? makeConv2DBackpropFilterGemm() : makeConv2DBackpropFilterDilated();
  if (registered === null) {
    replaceKernel('Conv2DBackpropInput', makeConv2DBackpropInput());
    replaceKernel('UnsortedSegmentSum', unsortedSegmentSum);
    replaceKernel('BatchMatMul', makeBatchMatMul());
    replaceKernel('Concat', makeConcat());
    replaceKernel('SplitV', makeSplitV());
  }
  replaceKernel('Conv2DBackpropFilter', filterKernel);
  registered = variant;
}
