import { z } from 'zod';
import { ModelInfoSchema } from '../domain/model-info';

/** The models the studio offers, as data: the run form, the charts and the review pages are drawn from it. */
export const modelCalls = {
  'models.list': { input: z.object({}).strict(), output: z.object({ models: z.array(ModelInfoSchema) }) },
} as const;
