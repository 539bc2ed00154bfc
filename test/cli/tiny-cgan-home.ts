import { join } from 'node:path';
import { expect } from 'vitest';
import { writeShapesFolder } from '../engine/training/shapes-dataset';

type Cli = (args: string[]) => { code: number | null; json: () => { runId: string } };

/**
 * Through the CLI, as a user would: imports `perClass` shapes per class (3 classes) under `root` as the labeled
 * dataset 'shapes' into `home`, and trains a 2-step tiny cGAN on it. Returns the run id.
 */
export async function importShapesAndTrain(cli: Cli, root: string, home: string, perClass: number): Promise<string> {
  await writeShapesFolder(join(root, 'shapes'), perClass, 3);
  expect(cli(['import', join(root, 'shapes'), '--kind', 'labeled', '--name', 'shapes', '--home', home, '--json']).code).toBe(0);
  const t = cli(['train', 'cgan', '--dataset', 'shapes', '--steps', '2', '--resolution', '28', '--batch', '4', '--width', '8',
    '--checkpoint-every', '2', '--sample-every', '2', '--home', home, '--json']);
  expect(t.code).toBe(0);
  return t.json().runId;
}
