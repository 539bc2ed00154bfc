import * as fsp from 'node:fs/promises';

/**
 * Every file-system call the export writer makes, so tests can inject failures (a disk that fills up after N
 * files) and the writer's clean-up can be checked. Defaults to node:fs/promises.
 */
export interface ExportFs {
  mkdir(path: string): Promise<void>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  readFile(path: string): Promise<Buffer>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  statfs(path: string): Promise<{ bavail: number | bigint; bsize: number | bigint }>;
}

/** The real file system. */
export const nodeExportFs: ExportFs = {
  mkdir: async (p) => {
    await fsp.mkdir(p, { recursive: true });
  },
  writeFile: (p, d) => fsp.writeFile(p, d),
  copyFile: (a, b) => fsp.copyFile(a, b),
  readFile: (p) => fsp.readFile(p),
  rename: (a, b) => fsp.rename(a, b),
  rm: (p) => fsp.rm(p, { recursive: true, force: true }),
  readdir: (p) => fsp.readdir(p),
  statfs: (p) => fsp.statfs(p),
};
