import { promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { PhotodeskError } from '../errors.js';
import type { PhotoSource } from './types.js';

/** The bytes of a source and the name to report it by. */
export interface SourceBytes {
  bytes: Buffer;
  file: string | null;
}

/**
 * Reads a whole source into memory, refusing it as soon as it passes `maxBytes`: a path is checked with stat
 * before it is read, a stream is stopped at the first chunk past the limit.
 */
export async function readSource(source: PhotoSource, maxBytes: number, name?: string): Promise<SourceBytes> {
  if (typeof source === 'string') return { bytes: await readPath(source, maxBytes), file: source };
  const file = name ?? null;
  if (Buffer.isBuffer(source)) return { bytes: checkSize(source, maxBytes, file), file };
  if (source instanceof Uint8Array) {
    return { bytes: checkSize(Buffer.from(source.buffer, source.byteOffset, source.byteLength), maxBytes, file), file };
  }
  if (source instanceof Readable || isReadableLike(source)) return { bytes: await readStream(source, maxBytes, file), file };
  throw new PhotodeskError('INVALID_INPUT', `Cannot read a photo from ${describe(source)}`, { file });
}

async function readPath(path: string, maxBytes: number): Promise<Buffer> {
  const size = await fileSize(path, maxBytes);
  try {
    return await readWhole(path, size);
  } catch (cause) {
    throw new PhotodeskError('FILE_NOT_FOUND', `Cannot read ${path}: ${(cause as Error).message}`, { file: path, cause });
  }
}

/** The size of a regular file within `maxBytes`. @throws `FILE_NOT_FOUND`, `FILE_TOO_LARGE` */
async function fileSize(path: string, maxBytes: number): Promise<number> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (cause) {
    throw new PhotodeskError('FILE_NOT_FOUND', `Cannot read ${path}: ${(cause as Error).message}`, { file: path, cause });
  }
  if (!stat.isFile()) throw new PhotodeskError('FILE_NOT_FOUND', `${path} is not a regular file`, { file: path });
  if (stat.size > maxBytes) throw tooLarge(stat.size, maxBytes, path);
  return stat.size;
}

/** The first `headBytes` and the last `tailBytes` of a file, one after the other, and the file's size. */
export interface HeadAndTail {
  /** The head then the tail; the whole file when it is no larger than both. */
  bytes: Buffer;
  /** Where the tail starts in `bytes` (`bytes.length` when they are the whole file). */
  tailAt: number;
  size: number;
}

/**
 * Reads the start and the end of a file into one buffer (one open, two reads, no copy): what a metadata check
 * needs of a photo whose metadata precedes its pixels, without reading megabytes of them.
 * @throws `FILE_NOT_FOUND`, `FILE_TOO_LARGE` as {@link readSource}
 */
export async function readHeadAndTail(path: string, maxBytes: number, headBytes: number, tailBytes: number): Promise<HeadAndTail> {
  const size = await fileSize(path, maxBytes);
  try {
    if (size <= headBytes + tailBytes) {
      const bytes = await readWhole(path, size);
      return { bytes, tailAt: bytes.length, size };
    }
    const fh = await fs.open(path, 'r');
    try {
      const bytes = Buffer.allocUnsafe(headBytes + tailBytes);
      const h = await fh.read(bytes, 0, headBytes, 0);
      const t = await fh.read(bytes, headBytes, tailBytes, size - tailBytes);
      if (h.bytesRead < headBytes || t.bytesRead < tailBytes) throw new Error('the file shrank while being read');
      return { bytes, tailAt: headBytes, size };
    } finally {
      await fh.close();
    }
  } catch (cause) {
    throw new PhotodeskError('FILE_NOT_FOUND', `Cannot read ${path}: ${(cause as Error).message}`, { file: path, cause });
  }
}

/**
 * One read into a buffer of the file's size: fs.readFile reads in 512 KiB steps, each a thread-pool round
 * trip, which doubles the time for the multi-megabyte photos a desk handles.
 */
async function readWhole(path: string, size: number): Promise<Buffer> {
  const fh = await fs.open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const { bytesRead } = await fh.read(buf, off, size - off, off);
      if (bytesRead === 0) break; // the file shrank while being read
      off += bytesRead;
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}

async function readStream(stream: Readable, maxBytes: number, file: string | null): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    total += buf.length;
    if (total > maxBytes) {
      stream.destroy();
      throw tooLarge(total, maxBytes, file, true);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}

function checkSize(bytes: Buffer, maxBytes: number, file: string | null): Buffer {
  if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes, file);
  return bytes;
}

function tooLarge(size: number, maxBytes: number, file: string | null, atLeast = false): PhotodeskError {
  return new PhotodeskError(
    'FILE_TOO_LARGE',
    `${file ?? 'Input'} is ${atLeast ? 'more than ' : ''}${size} bytes; the limit is ${maxBytes}`,
    { file },
  );
}

function isReadableLike(v: unknown): v is Readable {
  return typeof v === 'object' && v !== null && typeof (v as Readable).pipe === 'function' && Symbol.asyncIterator in v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return `an object (${(v as object).constructor?.name ?? 'Object'})`;
  return `a ${typeof v}`;
}
