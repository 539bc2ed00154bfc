import { computed, ref, watch } from 'vue';
import type { RunSummary } from '@shared/domain/run';
import { checkpointOptions } from './checkpoint-options';

/**
 * The run a generate or translate form works from, and its checkpoint. It starts on `preferred` when that run is
 * listed (the dashboard's button names it), else on the first; it keeps the pick while the list refreshes, and
 * goes back to the latest checkpoint when another run is picked.
 */
export function useRunChoice(props: { runs: RunSummary[]; preferred?: string | null }) {
  const runId = ref<string | null>(null);
  const checkpoint = ref<number | 'latest'>('latest');
  watch(
    () => props.runs,
    (list) => {
      if (!runId.value || !list.some((r) => r.runId === runId.value)) runId.value = (list.find((r) => r.runId === props.preferred) ?? list[0])?.runId ?? null;
    },
    { immediate: true },
  );
  watch(runId, () => {
    checkpoint.value = 'latest';
  });
  const run = computed(() => props.runs.find((r) => r.runId === runId.value) ?? null);
  const checkpoints = computed(() => checkpointOptions(run.value));
  return { runId, run, checkpoint, checkpoints };
}
