import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ImageRef } from '../shared/api/image-ref';
import { findImage, imageHeaders, type ImageFile } from '../engine/services/image-files';

/**
 * `GET /api/image/…` of the web mode, behind the server's token check (the page puts the token in the URL as
 * `?token=`, since an <img> cannot send a header). A matching `If-None-Match` gets 304; HEAD gets the headers.
 * Errors before the first byte throw (the caller answers with JSON); after it, the response is cut short.
 */
export async function sendImage(lookup: (ref: ImageRef) => Promise<ImageFile | null>, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const file = await findImage(lookup, path);
  const headers = imageHeaders(file);
  if (req.headers['if-none-match'] === headers.ETag) {
    const { 'Content-Length': _length, ...rest } = headers;
    res.writeHead(304, rest);
    res.end();
    return;
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(createReadStream(file.path), res);
  } catch {
    // The client went away (or the file vanished mid-way): pipeline has already closed both ends.
  }
}
