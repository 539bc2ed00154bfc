import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Lineage } from '@shared/domain/sample';
import { imageUrl, toClientError, useApi, type ClientError } from '../api';
import { sha256OfFile } from '../utils/hash-file';

/** Lineage lookups: from an exported file's path or a sha256 back to its run and real sources. */
export const useLineageStore = defineStore('lineage', () => {
  const api = useApi();
  const ref_ = ref('');
  const loading = ref(false);
  const result = ref<Lineage | null>(null);
  const error = ref<ClientError | null>(null);
  /** The traced image's URL, when it can still be found (the sample, or the real file's thumbnail). */
  const image = ref<string | null>(null);

  async function loadImage(l: Lineage): Promise<string | null> {
    if (l.synthetic && l.batchId && l.classIndex !== null && l.sampleIndex !== null) {
      // Samples are listed by class then index, so a complete class finds it at offset sampleIndex; else search the page.
      const { samples } = await api.call('samples.list', { batchId: l.batchId, classIndex: l.classIndex, offset: Math.max(0, l.sampleIndex - 50), limit: 200 });
      const hit = samples.find((s) => s.sampleIndex === l.sampleIndex);
      // The stored sample, not the exported file: an export to JPEG has other bytes (another hash).
      return hit ? imageUrl({ kind: 'sample', sha256: hit.sha256 }) : null;
    }
    return imageUrl({ kind: 'thumb', sha256: l.sourceSha256 ?? l.sha256 });
  }

  /** Resolves `text` (trimmed); `result` or `error` is set afterwards. */
  async function resolve(text: string): Promise<void> {
    const value = text.trim();
    if (!value) return;
    ref_.value = value;
    fileName.value = null;
    loading.value = true;
    error.value = null;
    try {
      result.value = await api.call('lineage.resolve', { ref: value });
      image.value = null;
      image.value = await loadImage(result.value).catch(() => null);
    } catch (err) {
      result.value = null;
      error.value = toClientError(err);
    } finally {
      loading.value = false;
    }
  }

  /** The name of the local file last traced (its hash is what was sent), for the page to say what it traced. */
  const fileName = ref<string | null>(null);

  /** Traces a file from the user's machine by its SHA-256, hashed here: the file itself is never uploaded. */
  async function resolveFile(file: File): Promise<void> {
    loading.value = true;
    let hash: string;
    try {
      hash = await sha256OfFile(file);
    } catch (err) {
      loading.value = false;
      result.value = null;
      error.value = { code: 'bad_input', message: `Could not read ${file.name}: ${toClientError(err).message}` };
      return;
    }
    await resolve(hash);
    fileName.value = file.name;
    if (error.value?.code === 'not_found') {
      error.value = { code: 'not_found', message: `${file.name} (SHA-256 ${hash.slice(0, 12)}…) was not exported or imported by this studio: its bytes match no file it knows. A copy that was re-encoded or resized has other bytes.` };
    }
  }

  return { query: ref_, loading, result, error, image, fileName, resolve, resolveFile };
});
