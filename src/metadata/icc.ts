/**
 * The description of an ICC profile ('desc' tag): textDescriptionType in v2 profiles, multiLocalizedUnicode in
 * v4. sharp hands over the profile bytes; exifr's ICC parser would re-read the file for one string.
 */
export function iccDescription(icc: Uint8Array | undefined): string | null {
  if (!icc || icc.length < 132) return null;
  const buf = Buffer.from(icc.buffer, icc.byteOffset, icc.byteLength);
  const count = buf.readUInt32BE(128);
  for (let i = 0; i < count && 132 + i * 12 + 12 <= buf.length; i++) {
    const entry = 132 + i * 12;
    if (buf.toString('latin1', entry, entry + 4) !== 'desc') continue;
    const off = buf.readUInt32BE(entry + 4);
    const size = buf.readUInt32BE(entry + 8);
    if (off + Math.max(size, 12) > buf.length) return null;
    return readText(buf.subarray(off, off + size));
  }
  return null;
}

function readText(tag: Buffer): string | null {
  const type = tag.toString('latin1', 0, 4);
  if (type === 'desc' && tag.length >= 12) {
    const n = tag.readUInt32BE(8);
    return clean(tag.toString('latin1', 12, Math.min(12 + n, tag.length)));
  }
  if (type === 'mluc' && tag.length >= 16) {
    const records = tag.readUInt32BE(8);
    const recSize = tag.readUInt32BE(12);
    let chosen = -1;
    for (let r = 0; r < records; r++) {
      const at = 16 + r * recSize;
      if (at + 12 > tag.length) break;
      if (chosen < 0 || tag.toString('latin1', at, at + 4) === 'enUS') chosen = at;
    }
    if (chosen < 0) return null;
    const len = tag.readUInt32BE(chosen + 4);
    const off = tag.readUInt32BE(chosen + 8);
    if (off + len > tag.length) return null;
    return clean(Buffer.from(tag.subarray(off, off + (len & ~1))).swap16().toString("utf16le"));
  }
  return null;
}

function clean(s: string): string | null {
  const t = s.replace(/\0+$/, '').trim();
  return t === '' ? null : t;
}
