import { spawn, spawnSync } from 'node:child_process';

/**
 * Runs `command` with a fresh tmpfs of `sizeBytes` mounted at `dir`, in a private mount namespace (unshare), so
 * the mount disappears with the process and nothing on the host is mounted. As root: `unshare --mount`; as
 * any other user: `unshare --mount --map-root-user` where unprivileged user namespaces are allowed, else
 * `sudo -n unshare --mount` (CI runners with passwordless sudo). Fails, never skips, when none works.
 * @returns the exit code and output.
 */
export function runOnSmallDisk(dir: string, sizeBytes: number, command: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = 'mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && exec "$@"';
  const args = ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', String(sizeBytes), dir, ...command];
  const [bin, ...prefix] = namespaceLauncher();
  return new Promise((resolve, reject) => {
    const child = spawn(bin!, [...prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The command prefix that may mount a tmpfs in a new mount namespace here. */
function namespaceLauncher(): string[] {
  if (process.getuid?.() === 0) return ['unshare'];
  if (spawnSync('unshare', ['--map-root-user', '--mount', 'true']).status === 0) return ['unshare', '--map-root-user'];
  if (spawnSync('sudo', ['-n', 'unshare', '--mount', 'true']).status === 0) return ['sudo', '-n', 'unshare'];
  throw new Error('cannot mount a small tmpfs here: run as root, allow unprivileged user namespaces, or give passwordless sudo');
}
