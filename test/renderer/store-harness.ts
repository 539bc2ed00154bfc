import { createTestingPinia } from '@pinia/testing';
import { afterEach, beforeEach, vi } from 'vitest';
import { openStudio } from '../../src-main/engine/studio';
import type { Studio } from '../../src-main/engine/studio-types';
import { setApi } from '../../src-renderer/src/api';
import { png, put } from '../fixtures/image-folders';
import { useTempDirs } from '../helpers/temp-dir';
import { studioTransport } from './studio-transport';

export interface StoreHarness {
  /** A fresh temporary folder, removed after the test. */
  tempDir: (prefix?: string) => string;
  /** The real engine of this test, in its own home. */
  studio: Studio;
  /** The renderer's transport, wired to `studio`: what the stores asked (`calls`), `hold`, `setConnection`. */
  transport: ReturnType<typeof studioTransport>;
}

/**
 * Per test: a real engine in a fresh home (no scheduler unless asked for: jobs stay queued until a test moves
 * them), the renderer's transport wired to it, a fresh testing Pinia with real actions (the stores are what is
 * tested), and `console.error` caught, where `showError` writes without a message provider.
 */
export function useStoreHarness(options: { scheduler?: boolean } = {}): StoreHarness {
  const harness = { tempDir: useTempDirs() } as StoreHarness;
  beforeEach(async () => {
    harness.studio = await openStudio({ home: harness.tempDir(), face: 'desktop', ...(options.scheduler ? {} : { scheduler: false }) });
    harness.transport = studioTransport(harness.studio);
    setApi(harness.transport);
    createTestingPinia({ createSpy: vi.fn, stubActions: false });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await harness.studio.close();
  });
  return harness;
}

/** Imports six 16-pixel images of two classes (cat, dog) as the labeled dataset `pets`. */
export async function importPets(harness: StoreHarness): Promise<void> {
  const src = harness.tempDir();
  for (let i = 0; i < 6; i++) put(src, `${i % 2 ? 'cat' : 'dog'}/${i}.png`, png(i + 1, 16));
  await harness.studio.dispatch('datasets.import', { folder: src, kind: 'labeled', name: 'pets' });
}

/** Lets a store's pending promise callbacks run (a held call stays held). */
export const settle = (): Promise<unknown> => new Promise((r) => setTimeout(r, 20));
