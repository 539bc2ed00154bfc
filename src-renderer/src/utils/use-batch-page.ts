import { computed, onMounted } from 'vue';
import { useDatasetsStore } from '../stores/datasets';
import { useSamplesStore } from '../stores/samples';

/**
 * What a page that works on generated batches (Evaluate, Export) loads when it opens: the batches, and the
 * datasets its form offers beside them. `loading` holds until the first list of batches is in; `hasBatch` says
 * whether any batch has an image, else the page shows its empty state.
 */
export function useBatchPage() {
  const samples = useSamplesStore();
  const datasets = useDatasetsStore();
  onMounted(() => {
    void samples.init();
    void datasets.init();
  });
  return {
    samples,
    loading: computed(() => !samples.loaded && samples.loading),
    hasBatch: computed(() => samples.batches.some((b) => b.count > 0)),
  };
}
