import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAllowedRoots } from '../../../src-main/engine/files/allowed-roots';
import { useTempDirs } from '../../helpers/temp-dir';

describe('allowed roots', () => {
  const tempDir = useTempDirs();

  it('allows the home and --allow-dir folders, refuses the rest, and lists folders', () => {
    const home = tempDir();
    const extra = tempDir();
    const outside = tempDir();
    mkdirSync(join(extra, 'sub'));
    writeFileSync(join(extra, 'a.txt'), 'hello');
    const roots = createAllowedRoots(home, [extra]);
    expect(roots.roots().map((r) => r.label)).toEqual(['Studio home', expect.any(String)]);
    expect(roots.assertAllowed(join(extra, 'sub'))).toContain('sub');
    expect(roots.assertAllowed(join(home, 'not-yet', 'made'))).toContain('not-yet');
    expect(() => roots.assertAllowed(outside)).toThrow(/outside the folders/);
    expect(() => roots.assertAllowed(join(extra, '..'))).toThrow(/outside the folders/);
    expect(() => roots.assertAllowed('relative/path')).toThrow(/not an absolute path/);
    const listing = roots.list(extra);
    expect(listing.parent).toBeNull();
    expect(listing.entries).toEqual([
      { name: 'sub', kind: 'dir', size: 0 },
      { name: 'a.txt', kind: 'file', size: 5 },
    ]);
    expect(roots.list(join(extra, 'sub')).parent).not.toBeNull();
  });

  it('follows symlinks before deciding, so a link cannot lead outside', () => {
    const home = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, 'secret'), 'x');
    symlinkSync(outside, join(home, 'escape'));
    const roots = createAllowedRoots(home);
    expect(() => roots.assertAllowed(join(home, 'escape', 'secret'))).toThrow(/outside the folders/);
    expect(() => roots.list(join(home, 'escape'))).toThrow(/outside the folders/);
  });

  it('web mode: broken links and loops are refused at any depth; the CLI face may follow links anywhere', () => {
    const home = tempDir();
    const outside = tempDir();
    mkdirSync(join(home, 'a', 'b'), { recursive: true });
    symlinkSync(join(outside, 'missing'), join(home, 'a', 'b', 'dangling'));
    symlinkSync(join(home, 'l2'), join(home, 'l1'));
    symlinkSync(join(home, 'l1'), join(home, 'l2'));
    symlinkSync(outside, join(home, 'a', 'out'));
    const web = createAllowedRoots(home);
    for (const p of [join(home, 'a', 'b', 'dangling'), join(home, 'a', 'b', 'dangling', 'new'), join(home, 'l1'), join(home, 'l1', 'x')]) {
      expect(() => web.assertAllowed(p), p).toThrow(/broken or looping link/);
      expect(web.isInside(p)).toBe(false);
    }
    const cli = createAllowedRoots(home, [], { unrestricted: true });
    expect(cli.assertAllowed(join(home, 'a', 'out'))).toBe(realpathSync(outside));
    expect(cli.assertAllowed(join(home, 'a', 'b', 'dangling', 'new'))).toBe(join(home, 'a', 'b', 'dangling', 'new'));
    expect(cli.assertReadable(join(home, 'a', 'out'))).toBe(join(home, 'a', 'out'));
  });

  it('outputs must lie strictly inside a root; reads may also lie inside the registered folder of a dataset, not through links out of it', () => {
    const home = tempDir();
    const extra = tempDir();
    const dataset = tempDir();
    const outside = tempDir();
    writeFileSync(join(dataset, 'own.png'), 'x');
    writeFileSync(join(outside, 'secret.png'), 'x');
    symlinkSync(join(outside, 'secret.png'), join(dataset, 'leak.png'));
    const roots = createAllowedRoots(home, [extra]);
    expect(() => roots.assertAllowedInside(extra)).toThrow(/not a folder inside it/);
    expect(() => roots.assertAllowedInside(home)).toThrow(/not a folder inside it/);
    expect(roots.assertAllowedInside(join(extra, 'out'))).toBe(join(realpathSync(extra), 'out'));
    expect(roots.assertReadable(join(dataset, 'own.png'), dataset)).toBe(realpathSync(join(dataset, 'own.png')));
    expect(() => roots.assertReadable(join(dataset, 'own.png'))).toThrow(/outside the folders/);
    expect(() => roots.assertReadable(join(dataset, 'leak.png'), dataset)).toThrow(/outside its dataset's folder/);
    expect(roots.isReadable(join(dataset, 'missing.png'), dataset)).toBe(false);
  });

  it('refuses an --allow-dir that does not exist', () => {
    expect(() => createAllowedRoots(tempDir(), ['/no/such/folder/here'])).toThrow(/not an existing folder/);
  });
});
