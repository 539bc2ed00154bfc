import { z } from 'zod';
import { field } from './config-fields';

/*
 * Config fields that every model has with the same range, label and group, so that one name means the same in
 * every run form and `--help`. The help is each model's own: a cGAN step is not a CycleGAN step. A model places
 * them in its schema where its form shows them (the schema's order is the form's).
 */

/** The image side, one of the model's `sides`: set from the datasets (resized, centre crop) unless given. */
export const resolutionField = <const S extends readonly [number, ...number[]]>(sides: S, help: string) =>
  field(z.literal(sides), { label: 'Resolution', group: 'data', derived: true, help });

/** 1 (grey) or 3 (RGB): taken from the datasets. */
export const channelsField = (help: string) =>
  field(z.union([z.literal(1), z.literal(3)]), { label: 'Channels', group: 'data', derived: true, advanced: true, help });

/** Training steps, images per step (at most `maxBatch`) and the seed that repeats a run. */
export const scheduleFields = (help: { steps: string; batch: string; seed: string }, maxBatch: number) => ({
  steps: field(z.number().int().min(1).max(10_000_000), { label: 'Steps', group: 'schedule', help: help.steps }),
  batch: field(z.number().int().min(1).max(maxBatch), { label: 'Batch', group: 'schedule', help: help.batch }),
  seed: field(z.number().int().min(0).max(2 ** 31 - 1), { label: 'Seed', group: 'schedule', help: help.seed }),
});

/** A convolutional network's base width (filters of its first or last layer; deeper layers double it). */
export const widthField = (label: string, help: string) => field(z.number().int().min(4).max(256), { label, group: 'network', help });

/** An Adam learning rate (above 0). */
export const learningRateField = (label: string, help: string) => field(z.number().positive().max(1), { label, group: 'optimizer', help });

/** Adam's β1 and β2. */
export const adamBetaFields = (help: { beta1: string; beta2: string }) => ({
  beta1: field(z.number().min(0).max(0.9999), { label: 'Adam β1', group: 'optimizer', advanced: true, help: help.beta1 }),
  beta2: field(z.number().min(0).max(0.99999), { label: 'Adam β2', group: 'optimizer', advanced: true, help: help.beta2 }),
});

/** A cadence in steps (checkpoints, sample images, metrics). */
export const everyField = (label: string, help: string) => field(z.number().int().min(1), { label, group: 'schedule', advanced: true, help });

/** How often the charts get a point: the same in every model. */
export const metricsEveryField = () => everyField('Metrics every', 'Metrics kept for the charts every this many steps.');
