/** Child process of the kill test: imports argv[2] into the home argv[3], printing progress lines on stdout. */
import { join } from 'node:path';
import { openDatabase } from '../../../src-main/engine/db/database';
import { importDataset } from '../../../src-main/engine/datasets';

const [folder = '', home = ''] = process.argv.slice(2);
const db = openDatabase(join(home, 'studio.db'));
await importDataset(db, home, { folder, kind: 'labeled', name: 'killed', onProgress: (p) => process.stdout.write(`${p.phase} ${p.done}\n`) });
process.stdout.write('finished\n');
