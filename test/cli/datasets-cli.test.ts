import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { png } from '../fixtures/image-folders';
import { useTempDirs } from '../helpers/temp-dir';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
};

describe('gan-studio import / datasets / dataset', () => {
  const tempDir = useTempDirs();

  function labeledFolder(): string {
    const root = join(tempDir(), 'pets');
    for (const [cls, n] of [['cat', 3], ['dog', 2]] as const) {
      mkdirSync(join(root, cls), { recursive: true });
      for (let i = 0; i < n; i++) writeFileSync(join(root, cls, `${i}.png`), png(i + (cls === 'dog' ? 50 : 0)));
    }
    mkdirSync(join(root, 'empty class'));
    writeFileSync(join(root, 'dog', 'zero.png'), '');
    return root;
  }

  it('imports with exactly the CONTRACT fields, and gives back the same version for an unchanged folder', () => {
    const home = tempDir();
    const folder = labeledFolder();
    const first = cli(['import', folder, '--kind', 'labeled', '--home', home, '--json']);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    const r = first.json();
    expect(Object.keys(r).sort()).toEqual(['classes', 'count', 'datasetId', 'diff', 'emptyClasses', 'name', 'skipped', 'versionId']);
    expect(r).toMatchObject({
      name: 'pets',
      count: 5,
      classes: [{ name: 'cat', count: 3 }, { name: 'dog', count: 2 }],
      emptyClasses: ['empty class'],
      skipped: [{ path: 'dog/zero.png', code: 'empty_file', reason: expect.any(String) }],
      diff: { added: 5, removed: 0, changed: 0 },
    });
    const again = cli(['import', folder, '--kind', 'labeled', '--home', home, '--json']).json();
    expect(again.versionId).toBe(r.versionId);
    expect(again.diff).toEqual({ added: 0, removed: 0, changed: 0 });

    writeFileSync(join(folder, 'cat', 'new.png'), png(99));
    const changed = cli(['import', folder, '--kind', 'labeled', '--home', home, '--json']).json();
    expect(changed.versionId).not.toBe(r.versionId);
    expect(changed.diff).toEqual({ added: 1, removed: 0, changed: 0 });

    const list = cli(['datasets', '--home', home, '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      { datasetId: r.datasetId, name: 'pets', kind: 'labeled', versionId: changed.versionId, count: 6, classes: [{ name: 'cat', count: 4 }, { name: 'dog', count: 2 }] },
    ]);
    const v1 = cli(['dataset', 'pets@1', '--home', home, '--json']).json();
    expect(v1).toMatchObject({ name: 'pets', versionId: r.versionId, count: 5 });
    const byId = cli(['dataset', String(r.datasetId), '--home', home, '--json']).json();
    expect(byId.versionId).toBe(changed.versionId);
    const human = cli(['dataset', 'pets', '--home', home]);
    expect(human.stdout).toContain('pets (labeled) version 2');
  });

  it('answers bad input with exit 2 and one line', () => {
    const home = tempDir();
    const missing = cli(['import', join(tempDir(), 'nope'), '--kind', 'labeled', '--home', home, '--json']);
    expect(missing.code).toBe(2);
    expect((missing.json().error as { code: string }).code).toBe('bad_input');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli(['import', labeledFolder(), '--home', home]).code).toBe(2);
    expect(cli(['import', '--kind', 'labeled', '--home', home]).code).toBe(2);
    const unknown = cli(['dataset', 'no-such-dataset', '--home', home, '--json']);
    expect(unknown.code).toBe(2);
    expect((unknown.json().error as { code: string }).code).toBe('not_found');
    const empty = tempDir();
    mkdirSync(join(empty, 'a'));
    writeFileSync(join(empty, 'a', 'notes.txt'), 'hello');
    const noImages = cli(['import', empty, '--kind', 'labeled', '--home', home, '--json']);
    expect(noImages.code).toBe(2);
    expect(noImages.stderr).toMatch(/no usable image/);
  });

  it('bad usage is refused before the home opens: no home is created for it', () => {
    const home = join(tempDir(), 'not-yet');
    for (const args of [['import', '--kind', 'labeled'], ['import', labeledFolder(), '--kind', 'nope'], ['import', labeledFolder(), '--kind', 'labeled', '--max-file-mb', '-1'],
      ['dataset'], ['dataset', 'a', 'b']]) {
      const r = cli([...args, '--home', home, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect((r.json().error as { code: string }).code).toBe('bad_input');
      expect(existsSync(home), args.join(' ')).toBe(false);
    }
  });

  it('imports a domain dataset as one class named after the dataset', () => {
    const home = tempDir();
    const root = join(tempDir(), 'night');
    mkdirSync(join(root, 'deep', 'er'), { recursive: true });
    writeFileSync(join(root, 'a.png'), png(1));
    writeFileSync(join(root, 'deep', 'er', 'b.png'), png(2));
    const r = cli(['import', root, '--kind', 'domain', '--name', 'Night shots', '--home', home, '--json']).json();
    expect(r).toMatchObject({ name: 'Night shots', count: 2, classes: [{ name: 'Night shots', count: 2 }] });
  });
});
