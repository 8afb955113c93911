import { encode as blurhashEncode } from 'blurhash';
import sharp from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import type { Placeholder, Rendition } from './types.js';

/**
 * The rendition a placeholder is made from: the smallest of the full frame (of any crop when there is no
 * full frame), a JPEG among equals. One rule for making a placeholder and for telling whether an earlier one
 * came from the same file.
 */
export function placeholderSource<R extends Pick<Rendition, 'width' | 'format' | 'crop'>>(renditions: readonly R[]): R | null {
  const full = renditions.filter((r) => r.crop === null || r.crop === undefined);
  const pool = full.length > 0 ? full : renditions;
  if (pool.length === 0) return null;
  return pool.reduce((a, b) => (b.width < a.width || (b.width === a.width && b.format === 'jpeg') ? b : a));
}

/**
 * A tiny preview (thumbhash by default, blurhash or a base64 LQIP data URI) and the dominant colour, made
 * from the smallest rendition: a few kilobytes to decode, never a second decode of the source.
 */
export async function makePlaceholder(renditions: readonly Rendition[], kind: Placeholder['kind'] = 'thumbhash'): Promise<Placeholder> {
  const smallest = placeholderSource(renditions);
  if (!smallest) throw new TypeError('makePlaceholder needs at least one rendition');
  const img = sharp(smallest.body);
  const { data, info } = await img.clone().resize(kind === 'blurhash' ? 32 : 100, kind === 'blurhash' ? 32 : 100, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { dominant } = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).stats();
  const dominantColor = `#${[dominant.r, dominant.g, dominant.b].map((n) => n.toString(16).padStart(2, '0')).join('')}`;
  let value: string;
  if (kind === 'thumbhash') value = Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64');
  else if (kind === 'blurhash') value = blurhashEncode(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height, 4, 3);
  else value = `data:image/webp;base64,${(await img.clone().resize(16, 16, { fit: 'inside' }).webp({ quality: 40 }).toBuffer()).toString('base64')}`;
  return { kind, value, dominantColor };
}
