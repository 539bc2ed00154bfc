import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 of a file read as a stream (constant memory), hex. */
export async function hashStream(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
