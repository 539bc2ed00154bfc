import { createHash } from 'node:crypto';
import type { DatasetKind, SkippedFile } from '../../shared/domain/dataset';
import type { ImageFacts } from './inspect-file';

/** One accepted file before the manifest is frozen. `classFolder` is '' in a domain dataset. */
export interface RawEntry {
  rel: string;
  classFolder: string;
  facts: ImageFacts;
}

/** One class of a version: index = position in code-point order of the folder names. */
export interface ManifestClass {
  index: number;
  name: string;
  folder: string;
  count: number;
}

/** One frozen file of a version. */
export interface ManifestEntry {
  rel: string;
  sha256: string;
  classIndex: number;
  width: number;
  height: number;
  channels: number;
  format: string;
  split: 'train' | 'holdout';
}

export interface Manifest {
  classes: ManifestClass[];
  entries: ManifestEntry[];
  skipped: SkippedFile[];
  emptyClasses: string[];
  manifestSha256: string;
}

export interface FreezeOptions {
  kind: DatasetKind;
  /** Every class folder met (labeled), so that the ones left empty are reported. */
  classFolders: string[];
  className(folder: string): string;
  holdoutFraction: number;
  splitSeed: number;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Freezes accepted files into a manifest: identical bytes in two classes are dropped as `class_conflict` (the
 * label is ambiguous), repeats within a class count once (`duplicate`), classes left without images are listed
 * in `emptyClasses`, and each class gets a seeded train/holdout split. Sorts `entries` in place.
 */
export function freezeManifest(entries: RawEntry[], opts: FreezeOptions): Manifest {
  entries.sort((a, b) => byCodePoint(a.rel, b.rel));
  // Conflicts and duplicates in a function of their own: its two sha-keyed maps are freed when it returns.
  const { kept, skipped } = dropConflictsAndDuplicates(entries, opts);
  const folders = opts.kind === 'domain' ? [''] : [...opts.classFolders].sort(byCodePoint);
  const counts = new Map<string, number>(folders.map((f) => [f, 0]));
  for (const e of kept) counts.set(e.classFolder, (counts.get(e.classFolder) ?? 0) + 1);
  const classes: ManifestClass[] = [];
  const emptyClasses: string[] = [];
  for (const folder of folders) {
    const count = counts.get(folder) ?? 0;
    if (count === 0) emptyClasses.push(opts.className(folder));
    else classes.push({ index: classes.length, name: opts.className(folder), folder, count });
  }
  const indexOf = new Map(classes.map((c) => [c.folder, c.index]));
  const held = holdoutFlags(kept, opts.holdoutFraction, opts.splitSeed);
  const frozen: ManifestEntry[] = kept.map((e, i) => ({
    rel: e.rel,
    sha256: e.facts.sha256,
    classIndex: indexOf.get(e.classFolder) ?? 0,
    width: e.facts.width,
    height: e.facts.height,
    channels: e.facts.channels,
    format: e.facts.format,
    split: held[i] ? 'holdout' : 'train',
  }));
  return { classes, entries: frozen, skipped, emptyClasses, manifestSha256: hashManifest(opts, classes, frozen) };
}

/**
 * Identical bytes in two classes are dropped as `class_conflict` (the label is ambiguous); repeats within a
 * class count once (`duplicate`). `entries` must be sorted by path, so the first copy kept is stable.
 */
function dropConflictsAndDuplicates(entries: RawEntry[], opts: FreezeOptions): { kept: RawEntry[]; skipped: SkippedFile[] } {
  const classesOfSha = new Map<string, string | string[]>();
  for (const e of entries) {
    const seen = classesOfSha.get(e.facts.sha256);
    if (seen === undefined) classesOfSha.set(e.facts.sha256, e.classFolder);
    else if (typeof seen === 'string' ? seen !== e.classFolder : !seen.includes(e.classFolder)) {
      classesOfSha.set(e.facts.sha256, [...(typeof seen === 'string' ? [seen] : seen), e.classFolder]);
    }
  }
  const skipped: SkippedFile[] = [];
  const firstPath = new Map<string, string>();
  const kept: RawEntry[] = [];
  for (const e of entries) {
    const classes = classesOfSha.get(e.facts.sha256);
    if (Array.isArray(classes)) {
      const others = classes.filter((c) => c !== e.classFolder).map((c) => `'${opts.className(c)}'`);
      skipped.push({ path: e.rel, code: 'class_conflict', reason: `the same image is also in class ${others.join(', ')}: one image cannot have two labels, delete the wrong copy` });
      continue;
    }
    const first = firstPath.get(e.facts.sha256);
    if (first !== undefined) {
      skipped.push({ path: e.rel, code: 'duplicate', reason: `identical to ${first}: counted once` });
      continue;
    }
    firstPath.set(e.facts.sha256, e.rel);
    kept.push(e);
  }
  return { kept, skipped };
}

/**
 * Per class, the files whose seeded hash ranks lowest are held out: the choice depends on each file's content
 * and the seed only, so adding files to a folder later barely moves the existing split. At least one file per
 * class stays in training. Returns one flag per entry (1 = holdout); keys are kept as whole hex strings only
 * long enough to rank one class.
 */
function holdoutFlags(entries: RawEntry[], fraction: number, seed: number): Uint8Array {
  const byClass = new Map<string, number[]>();
  entries.forEach((e, i) => {
    const list = byClass.get(e.classFolder);
    if (list) list.push(i);
    else byClass.set(e.classFolder, [i]);
  });
  const flags = new Uint8Array(entries.length);
  for (const indices of byClass.values()) {
    const keys = indices.map((i) => sha(`${seed}:${entries[i]!.facts.sha256}`));
    const order = indices.map((_, k) => k).sort((a, b) => byCodePoint(keys[a]!, keys[b]!));
    const n = Math.min(Math.round(indices.length * fraction), indices.length - 1);
    for (let k = 0; k < n; k++) flags[indices[order[k]!]!] = 1;
  }
  return flags;
}

function hashManifest(opts: FreezeOptions, classes: ManifestClass[], entries: ManifestEntry[]): string {
  const hash = createHash('sha256');
  hash.update(`gan-studio-manifest-1\n${opts.kind}\n${opts.holdoutFraction}\n${opts.splitSeed}\n`);
  for (const c of classes) hash.update(`class\t${c.index}\t${c.name}\t${c.folder}\n`);
  for (const e of entries) hash.update(`${e.rel}\t${e.sha256}\t${e.classIndex}\t${e.width}\t${e.height}\t${e.channels}\t${e.split}\n`);
  return hash.digest('hex');
}

/** A dataset's id follows from its name, so concurrent imports of one name agree on it. */
export function datasetIdFor(name: string): string {
  return `ds_${sha(`dataset\n${name}`).slice(0, 12)}`;
}

/** A version's id follows from its dataset and manifest hash: the same files give the same version. */
export function versionIdFor(datasetId: string, manifestSha256: string): string {
  return `v_${sha(`${datasetId}\n${manifestSha256}`).slice(0, 16)}`;
}
