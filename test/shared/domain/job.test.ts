import { describe, expect, it } from 'vitest';
import { isFinalStatus, isLiveStatus, RUN_STATUSES } from '../../../src-main/shared/domain/job';

describe('job statuses: live (stop applies), final, or interrupted (queued again by the host)', () => {
  it('sorts every CONTRACT status into exactly one of them', () => {
    expect(RUN_STATUSES.filter(isLiveStatus)).toEqual(['queued', 'running', 'paused']);
    expect(RUN_STATUSES.filter(isFinalStatus)).toEqual(['completed', 'stopped', 'failed']);
    expect(RUN_STATUSES.filter((s) => !isLiveStatus(s) && !isFinalStatus(s))).toEqual(['interrupted']);
  });
});
