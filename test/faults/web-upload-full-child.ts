/**
 * Child of the upload disk-full test, run where argv[2] is a small tmpfs: opens a web studio with its home there,
 * uploads a file larger than the free space through the real server, then a small one after deleting the
 * first's remains; prints each answer as one JSON line.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openStudio } from '../../src-main/engine/studio';
import { startWebServer } from '../../src-main/web/web-server';

const [mountDir = ''] = process.argv.slice(2);
const studio = await openStudio({ home: join(mountDir, 'home'), face: 'web', scheduler: false });
const server = await startWebServer({ studio, rendererDir: mountDir, version: '0' });
const auth = { Authorization: `Bearer ${server.token}` };
const base = `http://127.0.0.1:${server.port}`;
const created = await fetch(`${base}/api/call/uploads.create`, { method: 'POST', headers: auth, body: '{"name":"up"}' });
const { uploadId, folder } = (await created.json()) as { uploadId: string; folder: string };
const big = await fetch(`${base}/api/upload/${uploadId}/cats/big.png`, { method: 'PUT', headers: auth, body: new Uint8Array(8 << 20) });
process.stdout.write(`${JSON.stringify({ status: big.status, body: await big.json(), left: readdirSync(join(folder, 'cats')) })}\n`);
const small = await fetch(`${base}/api/upload/${uploadId}/cats/small.png`, { method: 'PUT', headers: auth, body: 'x'.repeat(1000) });
process.stdout.write(`${JSON.stringify({ status: small.status, body: await small.json() })}\n`);
await server.close();
await studio.close();
