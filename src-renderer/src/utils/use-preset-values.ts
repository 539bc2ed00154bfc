import { computed, reactive, watch, type ComputedRef } from 'vue';

/**
 * The editable settings of a new-run form. Untouched fields follow `base` (defaults ← preset) as the preset
 * changes; the user's own edits stay. Only fields that differ from `base` are sent, so the server's own
 * adjustments (a batch larger than a tiny dataset is lowered) still apply to untouched fields.
 */
export function usePresetValues(base: ComputedRef<Record<string, unknown>>) {
  const values = reactive<Record<string, unknown>>({});
  const edited = reactive(new Set<string>());

  watch(
    base,
    (b) => {
      for (const [k, v] of Object.entries(b)) if (!edited.has(k)) values[k] = Array.isArray(v) ? [...v] : v;
    },
    { immediate: true },
  );

  function set(key: string, v: unknown): void {
    values[key] = v;
    edited.add(key);
  }

  /** Fields whose value differs from the preset's (a cleared field is left out: the preset's value applies). */
  const changed = computed(() => Object.keys(values).filter((k) => JSON.stringify(values[k]) !== JSON.stringify(base.value[k]) && values[k] !== null));
  /** No changed field is undefined. */
  const complete = computed(() => changed.value.every((k) => values[k] !== null && values[k] !== undefined));
  /** The changed fields, as `config` of `runs.create`. */
  const changedConfig = (): Record<string, unknown> => Object.fromEntries(changed.value.map((k) => [k, values[k]]));

  return { values, set, changed, complete, changedConfig };
}
