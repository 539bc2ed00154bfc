import sharp from 'sharp';
import type { CacheFit } from '../../shared/domain/dataset';

/**
 * Turns one image into training pixels [R, R, C] uint8: EXIF orientation applied, alpha composited over white,
 * 16-bit scaled to 8, CMYK converted to sRGB, gray or sRGB, then a square of side R by centre-crop ('crop',
 * the default: no flat borders for a GAN to learn) or by letterbox on black ('pad': nothing cut off).
 */
export async function preprocessImage(input: Buffer | string, resolution: number, channels: 1 | 3, fit: CacheFit): Promise<Buffer> {
  const { data, info } = await sharp(input, { failOn: 'warning' })
    .autoOrient()
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .resize(resolution, resolution, fit === 'crop' ? { fit: 'cover', position: 'centre' } : { fit: 'contain', background: '#000000' })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== channels || data.length !== resolution * resolution * channels) {
    throw new Error(`preprocessing gave ${info.width}×${info.height}×${info.channels}, expected ${resolution}×${resolution}×${channels}`);
  }
  return data;
}
