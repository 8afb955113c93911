import { describe, expect, it } from 'vitest';
import { heifQuarterTurn, isoBoxes, reachesMetaBox } from '../../src/containers/isobmff-boxes.js';
import { isoBox } from '../helpers/fixtures.js';

/** An irot property turning by `quarters` quarter turns anticlockwise. */
const irot = (quarters: number) => isoBox('irot', Buffer.from([quarters]));
const ftyp = isoBox('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1'));

describe('ISO BMFF boxes (HEIF, AVIF)', () => {
  it("takes the rotation from the meta box's irot property, never from the same bytes in the picture", () => {
    const turned = Buffer.concat([ftyp, isoBox('meta', Buffer.concat([Buffer.alloc(4), isoBox('iprp', isoBox('ipco', irot(3)))])), isoBox('mdat', Buffer.alloc(64))]);
    expect(heifQuarterTurn(turned)).toBe(true);
    expect(heifQuarterTurn(Buffer.concat([ftyp, isoBox('meta', isoBox('iprp', isoBox('ipco', irot(2)))), isoBox('mdat', Buffer.alloc(64))]))).toBe(false);
    // The four letters by chance in the compressed picture, before and after an unrotated meta box.
    const chance = isoBox('mdat', Buffer.concat([Buffer.alloc(16), irot(1), Buffer.alloc(16)]));
    expect(heifQuarterTurn(Buffer.concat([ftyp, chance, isoBox('meta', isoBox('iprp', Buffer.alloc(8)))]))).toBe(false);
    expect(heifQuarterTurn(Buffer.concat([ftyp, isoBox('meta', Buffer.alloc(8)), chance]))).toBe(false);
  });

  it('walks 64-bit sizes and a last box that runs to the end, and says where a cut box should end', () => {
    const large = Buffer.alloc(16 + 4);
    large.writeUInt32BE(1, 0);
    large.write('mdat', 4, 'latin1');
    large.writeBigUInt64BE(20n, 8);
    const toEnd = Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from('free', 'latin1'), Buffer.alloc(10)]);
    const boxes = [...isoBoxes(Buffer.concat([ftyp, large, toEnd]))];
    expect(boxes.map((b) => [b.type, b.end - b.start])).toEqual([['ftyp', ftyp.length], ['mdat', 20], ['free', 18]]);
    const cut = Buffer.concat([ftyp, isoBox('mdat', Buffer.alloc(100))]).subarray(0, ftyp.length + 50);
    expect([...isoBoxes(cut)].at(-1)).toEqual({ type: 'mdat', start: ftyp.length, end: ftyp.length + 108 });
  });

  it('says whether a walk of the boxes, as exifr makes it, reaches the meta box', () => {
    const meta = isoBox('meta', Buffer.alloc(8));
    const zero = Buffer.concat([Buffer.alloc(4), Buffer.from('free', 'latin1')]);
    expect(reachesMetaBox(Buffer.concat([ftyp, isoBox('free', Buffer.alloc(3)), meta, isoBox('mdat', Buffer.alloc(9))]))).toBe(true);
    expect(reachesMetaBox(Buffer.concat([ftyp, zero, meta]))).toBe(false); // size 0 before meta: exifr never got past it
    expect(reachesMetaBox(Buffer.concat([ftyp, isoBox('mdat', Buffer.alloc(9)), zero]))).toBe(false); // no meta
    const wide = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('ftyp', 'latin1'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 16])]);
    expect(reachesMetaBox(Buffer.concat([wide, meta]))).toBe(false); // exifr skips the first box by its 32-bit size
  });
});
