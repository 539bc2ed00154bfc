import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markDeleted, pendingDeletes } from '../../../src-main/engine/cleanup/cleanup-repo';
import { sweepPendingDeletes } from '../../../src-main/engine/cleanup/delete-items';
import { openDatabase } from '../../../src-main/engine/db/database';
import { ensureHome } from '../../../src-main/engine/home/studio-home';
import { openStudio } from '../../../src-main/engine/studio';
import { useTempDirs } from '../../helpers/temp-dir';

const temp = useTempDirs();

describe('deletes survive a crash between marking and removing', () => {
  it('a delete marked with its files recorded, then killed, is finished when the home opens', async () => {
    const home = temp('gs-sweep-');
    const layout = ensureHome(home);
    const db = openDatabase(layout.database);
    const leftover = join(home, 'runs', 'gone');
    mkdirSync(leftover, { recursive: true });
    writeFileSync(join(leftover, 'weights.bin'), 'x');
    // What deleteItem does first, in one transaction; the process "dies" before removing anything.
    markDeleted(db, 'run', 'no-such-run', [leftover]);
    expect(pendingDeletes(db)).toEqual([leftover]);
    db.close();
    const studio = await openStudio({ home, face: 'cli', scheduler: false });
    await studio.close();
    expect(existsSync(leftover)).toBe(false);
    const again = openDatabase(layout.database);
    expect(pendingDeletes(again)).toEqual([]);
    expect(await sweepPendingDeletes(again)).toBe(0);
    again.close();
  });
});
