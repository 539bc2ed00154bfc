import { expect, test } from '@playwright/test';
import { startServe, type ServeHandle } from './serve-fixture';

// The server (and its backend probe) finds SwiftShader, Debian chromium's software Vulkan, from VK_ICD_FILENAMES alone.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
let serve: ServeHandle;

test.beforeAll(async () => {
  process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  serve = await startServe();
});
test.afterAll(async () => {
  await serve?.stop();
});

test('the System page shows the WebGPU adapter, marked software, with its limits, and why auto mode refused it', async ({ page }) => {
  await page.goto(serve.url);
  await page.getByTestId('nav-system').click();
  const card = page.getByTestId('webgpu-adapter');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('adapter-description')).toContainText('SwiftShader');
  await expect(card).toContainText('software (CPU emulation)');
  await expect(card).toContainText('swiftshader');
  await expect(card).toContainText('maxStorageBufferBindingSize');
  await expect(page.getByTestId('backend-candidates')).toContainText('only a software adapter was found');
});
