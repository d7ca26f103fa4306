import type SharpConstructor from 'sharp';
import { ExtractError } from '../extract-error';
import type { ImageInfo } from '../../core/pool/protocol';
import type { ExtractContext, ExtractedFields } from '../extractors/extractor';
import { cleanField } from '../extractors/extractor';

/** Images above this many pixels are refused without decoding (decompression bombs). */
export const MAX_INPUT_PIXELS = 100_000_000;
const THUMBNAIL_PX = 256;

type Sharp = typeof SharpConstructor;
let sharpLoading: Promise<Sharp> | undefined;

function loadSharp(): Promise<Sharp> {
  sharpLoading ??= import('sharp').then(({ default: sharp }) => {
    // Without libvips' operation cache, RSS stays flat across many images (FINDINGS).
    sharp.cache(false);
    return sharp;
  });
  return sharpLoading;
}

/** Images: dimensions, format, EXIF date and camera, and a 256 px WebP thumbnail if asked for. */
export async function extractImage({ path, thumbnailPath }: ExtractContext): Promise<ExtractedFields> {
  const sharp = await loadSharp();
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
  try {
    const metadata = await sharp(path, options).metadata();
    const { width, height, format } = metadata;
    if (!width || !height) throw new ExtractError('corrupt', 'the image has no dimensions');
    if (width * height > MAX_INPUT_PIXELS) {
      throw new ExtractError('too_large', `the image declares ${width}×${height} pixels, more than ${MAX_INPUT_PIXELS / 1e6} MP`);
    }
    const image: ImageInfo = { width, height, format, ...(metadata.exif ? await readExif(metadata.exif) : {}) };
    if (thumbnailPath) {
      const written = await sharp(path, options)
        .rotate()
        .resize({ width: THUMBNAIL_PX, height: THUMBNAIL_PX, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 75 })
        .toFile(thumbnailPath);
      image.thumbnail = { path: thumbnailPath, width: written.width, height: written.height };
    }
    return { image };
  } catch (error) {
    if (error instanceof ExtractError || (error as NodeJS.ErrnoException).code) throw error;
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) throw new ExtractError('too_large', `the image has too many pixels: ${message}`);
    throw new ExtractError('corrupt', `the image could not be decoded: ${message}`);
  }
}

async function readExif(exif: Buffer): Promise<Pick<ImageInfo, 'takenAt' | 'camera'>> {
  const { default: exifr } = await import('exifr');
  // sharp hands over the APP1 payload; exifr wants the TIFF structure after its "Exif\0\0" header.
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  const tags = (await exifr
    .parse(tiff, { pick: ['DateTimeOriginal', 'CreateDate', 'Make', 'Model'], reviveValues: false })
    .catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!tags) return {};
  const make = cleanField(tags.Make);
  const model = cleanField(tags.Model);
  const camera = model && make && !model.startsWith(make) ? `${make} ${model}` : (model ?? make);
  const takenAt = exifDate(tags.DateTimeOriginal) ?? exifDate(tags.CreateDate);
  return { ...(takenAt ? { takenAt } : {}), ...(camera ? { camera } : {}) };
}

/** EXIF "2021:07:04 10:30:00" → "2021-07-04T10:30:00": camera wall-clock time, no time zone (EXIF has none). */
function exifDate(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value) : null;
  if (!match || match[1] === '0000') return undefined;
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
}
