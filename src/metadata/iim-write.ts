import { createHash } from 'node:crypto';
import { FIELDS, type FieldRow } from './fields.js';
import { IIM_DATE, IIM_TIME } from './iim.js';
import type { PhotoMetadata } from './types.js';

/**
 * Writes the IIM rows of the field table as an IPTC-IIM block in UTF-8, declared by 1:90 (ESC % G), as
 * current writers do; a value past its dataset's byte limit is cut at a character boundary (readers then
 * recognise it as the cut copy of the XMP value). Returns the block and its MD5, the IPTC digest that tells
 * MWG readers the IIM and XMP are in sync.
 */
export function iimBlock(record: Partial<PhotoMetadata>): { block: Buffer; digest: Buffer } {
  const parts: Buffer[] = [dataset(1, 90, Buffer.from([0x1b, 0x25, 0x47])), dataset(2, 0, Buffer.from([0, 4]))];
  for (const row of FIELDS as readonly FieldRow[]) {
    if (!row.iim) continue;
    const v = record[row.key];
    const [rec, ds] = row.iim.id.split(':').map(Number) as [number, number];
    for (const item of Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]) {
      parts.push(dataset(rec, ds, cutUtf8(String(item), row.iim.limit)));
    }
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?/.exec(record.dateCreated ?? '');
  if (date) {
    const [d, t] = [IIM_DATE, IIM_TIME].map((id) => id.split(':').map(Number) as [number, number]);
    parts.push(dataset(d![0], d![1], Buffer.from(`${date[1]}${date[2]}${date[3]}`, 'latin1')));
    if (date[4]) {
      const zone = !date[7] || date[7] === 'Z' ? '+0000' : date[7].replace(':', '');
      parts.push(dataset(t![0], t![1], Buffer.from(`${date[4]}${date[5]}${date[6]}${zone}`, 'latin1')));
    }
  }
  const block = Buffer.concat(parts);
  return { block, digest: createHash('md5').update(block).digest() };
}

function dataset(record: number, id: number, value: Buffer): Buffer {
  const head = Buffer.from([0x1c, record, id, 0, 0]);
  head.writeUInt16BE(value.length, 3);
  return Buffer.concat([head, value]);
}

/** UTF-8 bytes of `s`, at most `limit`, never ending inside a character. */
function cutUtf8(s: string, limit: number): Buffer {
  const b = Buffer.from(s.normalize('NFC'), 'utf8');
  if (b.length <= limit) return b;
  let end = limit;
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  return b.subarray(0, end);
}
