import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';

/** One picture in the lightbox: its image(s) (a translation shows its source beside it) and a caption. */
export interface LightboxItem {
  urls: string[];
  /** Titles over the images, one per url ("source", "translation"); none for a single image. */
  labels?: string[];
  caption: string;
}

/**
 * What the lightbox shows: a list of `count` items, each fetched on demand (a gallery of 100,000 samples lists
 * only the ones the user steps to), and the one open. Every page that shows small images opens it the same way.
 */
export const useLightboxStore = defineStore('lightbox', () => {
  const count = ref(0);
  const index = ref(0);
  const open = ref(false);
  const item = shallowRef<LightboxItem | null>(null);
  const error = ref<string | null>(null);
  let getter: (i: number) => Promise<LightboxItem> | LightboxItem = () => ({ urls: [], caption: '' });
  let asked = 0;

  const hasPrev = computed(() => index.value > 0);
  const hasNext = computed(() => index.value < count.value - 1);

  async function load(i: number): Promise<void> {
    const ticket = ++asked;
    index.value = i;
    error.value = null;
    try {
      const got = await getter(i);
      if (ticket === asked) item.value = got;
    } catch (err) {
      if (ticket === asked) error.value = `Could not load picture ${i + 1}: ${(err as Error).message}`;
    }
  }

  /** Opens on item `start` of `n` items; `get` gives item i (synchronously or not). */
  function show(n: number, start: number, get: (i: number) => Promise<LightboxItem> | LightboxItem): void {
    getter = get;
    count.value = n;
    item.value = null;
    open.value = true;
    void load(Math.max(0, Math.min(n - 1, start)));
  }
  /** Opens on one of a list already at hand. */
  const showList = (items: LightboxItem[], start: number) => show(items.length, start, (i) => items[i]!);

  const next = () => hasNext.value && void load(index.value + 1);
  const prev = () => hasPrev.value && void load(index.value - 1);
  const close = () => (open.value = false);

  return { count, index, open, item, error, hasPrev, hasNext, show, showList, next, prev, close };
});
