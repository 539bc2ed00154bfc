/** Child process of the crash test: exports batch argv[4] of home argv[2] to argv[3], slowly, printing progress. */
import { join } from 'node:path';
import { openDatabase } from '../../../src-main/engine/db/database';
import { nodeExportFs } from '../../../src-main/engine/export/export-fs';
import { createExportHandlers } from '../../../src-main/engine/services/export-service';

const [home = '', out = '', batchId = ''] = process.argv.slice(2);
const db = openDatabase(join(home, 'studio.db'));
const slow = { ...nodeExportFs, copyFile: async (a: string, b: string) => {
  await new Promise((r) => setTimeout(r, 5));
  await nodeExportFs.copyFile(a, b);
} };
const handlers = createExportHandlers({ db, home, app: 'test', fs: slow, onProgress: (done) => process.stdout.write(`progress ${done}\n`) });
await handlers['exports.create']({ batchIds: [batchId], out, format: 'png', overwrite: false });
process.stdout.write('finished\n');
