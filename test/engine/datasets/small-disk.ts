import { spawn } from 'node:child_process';

/**
 * Runs `command` with a fresh tmpfs of `sizeBytes` mounted at `dir`, in a private mount namespace (unshare), so
 * the mount disappears with the process and nothing on the host is mounted. As root: `unshare --mount`; as
 * any other user: `unshare --mount --map-root-user` (needs unprivileged user namespaces, as on most Linux).
 * @returns the exit code and output.
 */
export function runOnSmallDisk(dir: string, sizeBytes: number, command: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const userNs = process.getuid?.() === 0 ? [] : ['--map-root-user'];
  const script = 'mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && exec "$@"';
  const args = [...userNs, '--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', String(sizeBytes), dir, ...command];
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
