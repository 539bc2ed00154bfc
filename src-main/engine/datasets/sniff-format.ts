/** Image formats the importer takes; BMP only when the sharp build can decode it. */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' | 'bmp';

/** What the first bytes say: a format we take, a known image format we cannot take, or no image at all. */
export type Sniffed = { kind: 'image'; format: ImageFormat } | { kind: 'unsupported'; format: string } | { kind: 'none' };

const ascii = (buf: Uint8Array, at: number, text: string): boolean => {
  if (buf.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (buf[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

/**
 * Identifies a file by its magic bytes, not its name: a text file named .png is `none`, a JPEG named .png is
 * a JPEG. Content sniffing is also far cheaper than asking the decoder to fail.
 */
export function sniffFormat(head: Uint8Array): Sniffed {
  if (head[0] === 0x89 && ascii(head, 1, 'PNG\r\n\x1a\n')) return { kind: 'image', format: 'png' };
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { kind: 'image', format: 'jpeg' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return { kind: 'image', format: 'webp' };
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return { kind: 'image', format: 'gif' };
  if (ascii(head, 0, 'II*\0') || ascii(head, 0, 'MM\0*')) return { kind: 'image', format: 'tiff' };
  if (ascii(head, 0, 'BM') && head.length >= 26) return { kind: 'image', format: 'bmp' };
  if (ascii(head, 4, 'ftyp')) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    if (/^(heic|heix|hevc|mif1|msf1|avif|avis)$/.test(brand)) return { kind: 'unsupported', format: brand.startsWith('avi') ? 'AVIF' : 'HEIC' };
  }
  if (ascii(head, 0, '\0\0\0\x0cjP  ') || (head[0] === 0xff && head[1] === 0x4f && head[2] === 0xff)) return { kind: 'unsupported', format: 'JPEG 2000' };
  if (ascii(head, 0, '\xff\x0a') || ascii(head, 4, 'JXL ')) return { kind: 'unsupported', format: 'JPEG XL' };
  if (ascii(head, 0, '%PDF')) return { kind: 'unsupported', format: 'PDF' };
  if (ascii(head, 0, '8BPS')) return { kind: 'unsupported', format: 'Photoshop PSD' };
  if (ascii(head, 0, '\0\0\x01\0')) return { kind: 'unsupported', format: 'ICO' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 256)).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return { kind: 'unsupported', format: 'SVG' };
  return { kind: 'none' };
}
