/**
 * Child process of the crash tests: exports batch argv[4] of home argv[2] to argv[3], printing progress.
 * Mode argv[5]: 'slow' (default) copies slowly; 'hang-at-rename' writes everything, records the export's rows,
 * then prints 'renaming' and hangs where the folder would be renamed into place (the test kills it there).
 */
import { join } from 'node:path';
import { openDatabase } from '../../../src-main/engine/db/database';
import { nodeExportFs, type ExportFs } from '../../../src-main/engine/export/export-fs';
import { createExportHandlers } from '../../../src-main/engine/services/export-service';

const [home = '', out = '', batchId = '', mode = 'slow'] = process.argv.slice(2);
const db = openDatabase(join(home, 'studio.db'));
const slow: ExportFs = { ...nodeExportFs, copyFile: async (a, b) => {
  await new Promise((r) => setTimeout(r, 5));
  await nodeExportFs.copyFile(a, b);
} };
const hang: ExportFs = { ...nodeExportFs, rename: async () => {
  process.stdout.write('renaming\n');
  await new Promise(() => setInterval(() => undefined, 1000));
} };
const handlers = createExportHandlers({ db, home, app: 'test', fs: mode === 'hang-at-rename' ? hang : slow, onProgress: (done) => process.stdout.write(`progress ${done}\n`) });
await handlers['exports.create']({ batchIds: [batchId], out, format: 'png', overwrite: false });
process.stdout.write('finished\n');
