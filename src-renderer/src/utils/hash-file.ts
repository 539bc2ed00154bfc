/**
 * The SHA-256 of a file picked on the user's machine, computed in the browser (crypto.subtle): only the hash goes
 * to the server, never the file. Lowercase hex, as the engine stores hashes.
 */
export async function sha256OfFile(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
