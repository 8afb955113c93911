import { createHash } from 'node:crypto';
import { charsetFrom190 } from './charset.js';

/**
 * IPTC-IIM datasets, read as bytes. exifr decodes every IIM string as Latin-1 and never sees record 1, so the
 * (tiny) tag stream is parsed here and decoding is left to {@link decodeIim}.
 */
export interface IimData {
  /** Raw values by "record:dataset", e.g. "2:110" for Credit; repeatable datasets keep every value. */
  datasets: Map<string, Buffer[]>;
  /** The charset declared by 1:90, as a WHATWG label, or null. */
  declaredCharset: string | null;
  /** True when 1:90 is present but not understood. */
  unknownCharset: boolean;
  /** MD5 of the IIM block, hex: ExifTool's CurrentIPTCDigest. */
  digest: string;
}

/** Parses an IIM block: 0x1C, record, dataset, u16 length (or an extended length), value. */
export function parseIim(block: Buffer): IimData {
  const datasets = new Map<string, Buffer[]>();
  let pos = block.indexOf(0x1c);
  while (pos >= 0 && pos + 5 <= block.length && block[pos] === 0x1c) {
    const record = block[pos + 1]!;
    const dataset = block[pos + 2]!;
    let len = block.readUInt16BE(pos + 3);
    let start = pos + 5;
    if (len & 0x8000) {
      // Extended dataset: the low 15 bits give the size of the length field.
      const n = len & 0x7fff;
      if (n > 4 || start + n > block.length) break;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + block[start + i]!;
      start += n;
    }
    if (start + len > block.length) break;
    const key = `${record}:${dataset}`;
    const value = block.subarray(start, start + len);
    const list = datasets.get(key);
    if (list) list.push(value);
    else datasets.set(key, [value]);
    pos = start + len;
  }
  const cs = datasets.get('1:90')?.[0];
  const declaredCharset = charsetFrom190(cs);
  return {
    datasets,
    declaredCharset,
    unknownCharset: cs !== undefined && cs.length > 0 && declaredCharset === null,
    digest: createHash('md5').update(block).digest('hex'),
  };
}

/** IIM Date Created and Time Created (the text datasets are rows of the field table, fields.ts). */
export const IIM_DATE = '2:55';
export const IIM_TIME = '2:60';
