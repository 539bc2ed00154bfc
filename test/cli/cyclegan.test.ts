import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDomainFolder } from '../engine/training/cyclegan-fixture';
import { writeShapesFolder } from '../engine/training/shapes-dataset';
import { useTempDirs } from '../helpers/temp-dir';

const BIN = join(__dirname, '..', '..', 'bin', 'gan-studio.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

const TINY = ['--resolution', '32', '--batch', '1', '--width', '4', '--disc-width', '4', '--res-blocks', '1', '--checkpoint-every', '2', '--sample-every', '2'];

describe('gan-studio train cyclegan / translate', () => {
  const tempDir = useTempDirs();

  it('trains end to end, shows in run, resumes, translates a labeled dataset and a folder; refuses bad input', async () => {
    const root = tempDir();
    const home = join(root, 'home');
    await writeShapesFolder(join(root, 'shapes'), 4, 3); // labeled, grey, 12 images
    // 12 images: the import holds 10% out, and CycleGAN needs 10 training images per domain
    await writeDomainFolder(join(root, 'blue'), 12, 1);
    await writeDomainFolder(join(root, 'few'), 7, 0);
    for (const [name, kind] of [['shapes', 'labeled'], ['blue', 'domain'], ['few', 'domain']]) {
      expect(cli(['import', join(root, name!), '--kind', kind!, '--name', name!, '--home', home, '--json']).code).toBe(0);
    }
    const r = cli(['train', 'cyclegan', '--a', 'shapes', '--b', 'blue', '--steps', '2', ...TINY, '--home', home, '--json']);
    expect(r.stderr).not.toMatch(/gan-studio:/);
    expect(r.code).toBe(0);
    const done = r.json();
    expect(done).toMatchObject({ runId: expect.any(String), status: 'completed', step: 2, checkpoints: [2] });
    expect(cli(['run', done.runId, '--json', '--home', home]).json()).toMatchObject({
      kind: 'cyclegan', status: 'completed', datasets: [{ role: 'a', name: 'shapes' }, { role: 'b', name: 'blue' }], config: { channels: 3, resolution: 32 },
    });
    expect(cli(['resume', done.runId, '--steps', '3', '--home', home, '--json']).json()).toMatchObject({ status: 'completed', step: 3, checkpoints: [2, 3] });

    const t = cli(['translate', done.runId, '--input-dataset', 'shapes', '--direction', 'a2b', '--home', home, '--json']);
    expect(t.code).toBe(0);
    expect(t.json()).toEqual({ batchId: expect.any(String), count: 12, status: 'completed', direction: 'a2b' }); // CONTRACT's fields, and more
    const f = cli(['translate', done.runId, '--input-dir', join(root, 'blue'), '--direction', 'b2a', '--checkpoint', '2', '--home', home, '--json']);
    expect(f.json()).toEqual({ batchId: expect.any(String), count: 12, status: 'completed', direction: 'b2a' });
    const filtered = cli(['generate', done.runId, '--per-class', '2', '--filter', '--home', home, '--json']);
    expect(filtered.code).toBe(2);
    expect(filtered.json().error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/translates images \(CycleGAN\), and translations are not filtered; leave out --filter/) });

    const few = cli(['train', 'cyclegan', '--a', 'few', '--b', 'blue', ...TINY, '--home', home, '--json']);
    expect(few.code).not.toBe(0);
    expect(few.stdout + few.stderr).toMatch(/'few' has 7 image\(s\): CycleGAN \(unpaired translation\) needs at least 10/);
    const same = cli(['train', 'cyclegan', '--a', 'blue', '--b', 'blue', ...TINY, '--home', home, '--json']);
    expect(same.stdout + same.stderr).toMatch(/'blue' is given as both Domain A and Domain B/);
    const cganOpt = cli(['train', 'cyclegan', '--a', 'shapes', '--b', 'blue', '--loss', 'hinge', '--home', home, '--json']);
    expect(cganOpt.stdout + cganOpt.stderr).toMatch(/--loss is an option of train cgan: train cyclegan does not take it/);
    const cgan = cli(['train', 'cgan', '--dataset', 'shapes', '--steps', '1', '--resolution', '28', '--width', '4', '--batch', '4', '--home', home, '--json']).json();
    const wrong = cli(['translate', cgan.runId, '--input-dataset', 'shapes', '--direction', 'a2b', '--home', home, '--json']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout + wrong.stderr).toMatch(/is a Conditional DCGAN run: translate needs a translating model such as CycleGAN/);
  }, 240_000); // a dozen CLI processes: ~30 s alone, more on a loaded machine
});
