import { defineStore } from 'pinia';
import type { RunEstimate } from '@shared/domain/estimate';
import type { CreateRunInput } from '@shared/domain/run';
import { useApi } from '../api';

/**
 * Run time estimates (`runs.estimate`): the server resolves the config as `runs.create` would and times the
 * model's step on this machine. Errors travel to the caller (the form shows them beside the estimate).
 */
export const useEstimatesStore = defineStore('estimates', () => {
  const api = useApi();
  function estimate(input: CreateRunInput): Promise<RunEstimate> {
    return api.call('runs.estimate', input);
  }
  return { estimate };
});
