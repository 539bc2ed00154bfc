import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('refuses an --allow-dir that does not exist', () => {
    expect(() => createAllowedRoots(tempDir(), ['/no/such/folder/here'])).toThrow(/not an existing folder/);
  });
});
