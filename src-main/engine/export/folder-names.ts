/**
 * Class folder names that are safe on every OS: no separators or characters Windows refuses, no control
 * characters, no `.`/`..`, no trailing dot or space, no reserved device names (CON, NUL, COM1…), at most 100
 * characters; and unique even on case-insensitive file systems (a suffix `-2`, `-3`… when two would collide).
 */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** One name made safe (not yet unique). */
export function safeFolderName(name: string): string {
  let s = name.normalize('NFC').replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '_').trim();
  s = s.replace(/[. ]+$/, (m) => '_'.repeat(m.length));
  if (s === '' || /^\.+$/.test(s)) s = '_'.repeat(Math.max(1, s.length));
  if (RESERVED.test(s)) s = `${s}_`;
  if (s.length > 100) s = s.slice(0, 100);
  return s;
}

/** Code-point order, as Python's sorted() (torchvision, Keras) orders folder names. */
export function compareCodePoints(a: string, b: string): number {
  const A = [...a], B = [...b];
  for (let i = 0; i < Math.min(A.length, B.length); i++) {
    const d = A[i]!.codePointAt(0)! - B[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return A.length - B.length;
}

/**
 * Class names → {name, folder, index}: folders safe and unique (case-insensitively), index = position of the
 * folder in sorted order, which is the index torchvision's ImageFolder and Keras assign.
 */
export function assignFolders(names: string[]): { name: string; folder: string; index: number }[] {
  const taken = new Set<string>();
  const withFolders = [...names].sort(compareCodePoints).map((name) => {
    const base = safeFolderName(name);
    let folder = base;
    for (let k = 2; taken.has(folder.toLowerCase()); k++) folder = `${base.slice(0, 95)}-${k}`;
    taken.add(folder.toLowerCase());
    return { name, folder };
  });
  return withFolders.sort((a, b) => compareCodePoints(a.folder, b.folder)).map((c, index) => ({ ...c, index }));
}
