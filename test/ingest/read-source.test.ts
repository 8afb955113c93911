import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onLocalDisk } from '../../src/ingest/local-disk.js';
import { readHeadAndTail } from '../../src/ingest/read-source.js';
import { outputDir } from '../helpers/paths.js';

/* The metadata-only read takes a file's start (in steps) and its end, with blocking system calls on a local
 * disk and through the thread pool elsewhere. Both ways must give the same bytes, and the same errors. */
const dir = outputDir('read-source');
mkdirSync(dir, { recursive: true });

const K = 1024;
const HEADS = [16 * K, 128 * K];
const TAIL = 64;

/** What the read must give: the whole file when the step reached covers it, else that start and the end. */
function expected(bytes: Buffer, stepWanted: number): { bytes: Buffer; tailAt: number; size: number } {
  for (let i = 0; i < HEADS.length; i++) {
    const head = HEADS[i]!;
    if (bytes.length <= head + TAIL) return { bytes, tailAt: bytes.length, size: bytes.length };
    if (i === stepWanted || i === HEADS.length - 1) {
      return { bytes: Buffer.concat([bytes.subarray(0, head), bytes.subarray(bytes.length - TAIL)]), tailAt: head, size: bytes.length };
    }
  }
  throw new Error('unreachable');
}

describe('reading the start and end of a file', () => {
  it('gives the same bytes with blocking calls and through the thread pool, for every size around the steps', async () => {
    const sizes = [0, 10, 16 * K, 16 * K + 64, 16 * K + 65, 100 * K, 128 * K + 64, 128 * K + 65, 300 * K];
    for (const size of sizes) {
      const bytes = randomFillSync(Buffer.alloc(size));
      const file = path.join(dir, `random-${size}.bin`);
      writeFileSync(file, bytes);
      for (const stepWanted of [0, 1]) {
        let asked = 0;
        // Asks for the next step until `stepWanted` is reached, and sees only the start read so far.
        const wantsMore = (head: Buffer): boolean => {
          expect(bytes.subarray(0, head.length).equals(head), `${size}: the start it is shown`).toBe(true);
          return asked++ < stepWanted;
        };
        for (const blocking of [true, false]) {
          asked = 0;
          const got = await readHeadAndTail(file, { heads: HEADS, tail: TAIL, wantsMore, blocking });
          const want = expected(bytes, stepWanted);
          expect({ tailAt: got.tailAt, size: got.size }, `${size} bytes, step ${stepWanted}, blocking ${blocking}`).toEqual({ tailAt: want.tailAt, size: want.size });
          expect(got.bytes.equals(want.bytes), `${size} bytes, step ${stepWanted}, blocking ${blocking}`).toBe(true);
        }
      }
    }
  });

  it('refuses a missing file and a folder with FILE_NOT_FOUND both ways', async () => {
    for (const blocking of [true, false]) {
      for (const target of [path.join(dir, 'no-such-file.jpg'), dir]) {
        const err = await readHeadAndTail(target, { heads: HEADS, tail: TAIL, blocking }).catch((e: unknown) => e);
        expect(err, `${target}, blocking ${blocking}`).toMatchObject({ code: 'FILE_NOT_FOUND', file: target });
      }
    }
  });

  it('reads with blocking calls only on a local file system of Linux', async () => {
    const file = path.join(dir, 'local.bin');
    writeFileSync(file, 'x');
    if (process.platform !== 'linux') {
      expect(await onLocalDisk(file)).toBe(false);
      return;
    }
    // coreutils names the file system; the local ones are those photodesk reads with blocking calls.
    const kind = execFileSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' }).trim();
    expect(await onLocalDisk(file), kind).toBe(/^(ext2\/ext3|xfs|btrfs|tmpfs|ramfs|overlayfs|zfs|f2fs)$/.test(kind));
    expect(await onLocalDisk('/proc/self/status')).toBe(false); // procfs: not a disk photodesk knows
  });
});
