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

/** IIM datasets photodesk reads, with the byte limit the IIM 4.2 specification sets for each. */
export const IIM_FIELDS = {
  title: { id: '2:5', limit: 64 },
  keywords: { id: '2:25', limit: 64 },
  instructions: { id: '2:40', limit: 256 },
  dateCreated: { id: '2:55', limit: 8 },
  timeCreated: { id: '2:60', limit: 11 },
  creator: { id: '2:80', limit: 32 },
  creatorTitle: { id: '2:85', limit: 32 },
  city: { id: '2:90', limit: 32 },
  region: { id: '2:95', limit: 32 },
  countryCode: { id: '2:100', limit: 3 },
  country: { id: '2:101', limit: 64 },
  headline: { id: '2:105', limit: 256 },
  credit: { id: '2:110', limit: 32 },
  source: { id: '2:115', limit: 32 },
  copyright: { id: '2:116', limit: 128 },
  caption: { id: '2:120', limit: 2000 },
} as const;
