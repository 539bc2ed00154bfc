import { existsSync } from 'node:fs';

/** Debian's chromium ships SwiftShader (Vulkan on the CPU), its ICD json and a Vulkan loader in one folder. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Points Dawn at SwiftShader unless VK_ICD_FILENAMES already names a driver (CI's .ci/run sets it). Call before
 * anything resolves the webgpu backend: the adapter search is memoised per process. Throws, with what to install,
 * when chromium is missing, so these tests fail rather than pass without running.
 */
export function useSoftwareAdapter(): void {
  if (process.env.VK_ICD_FILENAMES) return;
  if (!existsSync(SWIFTSHADER_ICD)) {
    throw new Error(`the WebGPU tests need SwiftShader: apt-get install chromium (for ${SWIFTSHADER_ICD}), or set VK_ICD_FILENAMES`);
  }
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}
