import { describe, expect, it } from 'vitest';
import { nextTick, reactive } from 'vue';
import type { RunSummary } from '../../src-main/shared/domain/run';
import { progressStatus } from '../../src-renderer/src/utils/job-status';
import { useRunChoice } from '../../src-renderer/src/utils/use-run-choice';

const run = (runId: string, checkpoints: number[]): RunSummary => ({ runId, checkpoints }) as unknown as RunSummary;

describe('useRunChoice: the run and checkpoint of the generate and translate forms', () => {
  it('starts on the preferred run when it is listed, else on the first', () => {
    expect(useRunChoice(reactive({ runs: [run('a', [2]), run('b', [2])], preferred: 'b' })).runId.value).toBe('b');
    expect(useRunChoice(reactive({ runs: [run('a', [2]), run('b', [2])], preferred: 'gone' })).runId.value).toBe('a');
    expect(useRunChoice(reactive({ runs: [] as RunSummary[] })).runId.value).toBeNull();
  });

  it('keeps the pick while the list refreshes, and moves on when the picked run leaves it', async () => {
    const props = reactive({ runs: [run('a', [2]), run('b', [2, 4])] });
    const choice = useRunChoice(props);
    choice.runId.value = 'b';
    await nextTick();
    props.runs = [run('new', [2]), run('a', [2]), run('b', [2, 4, 6])];
    await nextTick();
    expect(choice.runId.value).toBe('b');
    expect(choice.checkpoints.value.map((o) => o.value)).toEqual(['latest', 6, 4, 2]);
    props.runs = [run('new', [2])];
    await nextTick();
    expect(choice.runId.value).toBe('new');
  });

  it('goes back to the latest checkpoint when another run is picked, not when the list refreshes', async () => {
    const props = reactive({ runs: [run('a', [2, 4]), run('b', [2])] });
    const choice = useRunChoice(props);
    choice.checkpoint.value = 2;
    props.runs = [run('a', [2, 4, 6]), run('b', [2])];
    await nextTick();
    expect(choice.checkpoint.value).toBe(2);
    choice.runId.value = 'b';
    await nextTick();
    expect(choice.checkpoint.value).toBe('latest');
    expect(choice.run.value?.runId).toBe('b');
  });
});

describe('progressStatus: one colour rule for the run and job progress bars', () => {
  it.each([
    ['failed', 'error'],
    ['completed', 'success'],
    ['paused', 'warning'],
    ['interrupted', 'warning'],
    ['running', 'default'],
    ['queued', 'default'],
    ['stopped', 'default'],
  ] as const)('%s → %s', (status, colour) => {
    expect(progressStatus(status)).toBe(colour);
  });
});
