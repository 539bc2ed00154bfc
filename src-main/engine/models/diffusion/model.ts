import type { ModelModule } from '../model';
import { loadDiffusionSampler } from './sampler';
import type { DiffusionRunConfig } from './spec';
import { createDiffusionTrainer } from './trainer';

/** The conditional diffusion model: trainer (trainer.ts), DDIM sampler (sampler.ts, schedule.ts), U-Net (networks.ts). */
const model: ModelModule<DiffusionRunConfig> = { createTrainer: createDiffusionTrainer, loadSampler: loadDiffusionSampler };
export default model;
