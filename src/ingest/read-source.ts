import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { PhotodeskError } from '../errors.js';
import type { PhotoSource } from './types.js';

// Plain file descriptors through the callback API, not fs.promises' FileHandle, whose open, read and close
// cost several times as much with many reads in flight (1,000 photos' first 4 KiB, 16 at a time: 89 ms
// against 26): the folder walk's sniff and the metadata-only read are little else.
const openFd = promisify(fs.open);
const readFd = promisify(fs.read);
const closeFd = promisify(fs.close);
const statPath = promisify(fs.stat);

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
    stat = await statPath(path);
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
 * needs of a photo whose metadata precedes its pixels, without reading megabytes of them. The size is not
 * limited here: the caller first tells from the start whether it has a photo at all.
 * @throws `FILE_NOT_FOUND` as {@link readSource}
 */
export async function readHeadAndTail(path: string, headBytes: number, tailBytes: number): Promise<HeadAndTail> {
  const size = await fileSize(path, Infinity);
  try {
    if (size <= headBytes + tailBytes) {
      const bytes = await readWhole(path, size);
      return { bytes, tailAt: bytes.length, size };
    }
    const fd = await openFd(path, 'r');
    try {
      const bytes = Buffer.allocUnsafe(headBytes + tailBytes);
      const h = await readFd(fd, bytes, 0, headBytes, 0);
      const t = await readFd(fd, bytes, headBytes, tailBytes, size - tailBytes);
      if (h.bytesRead < headBytes || t.bytesRead < tailBytes) throw new Error('the file shrank while being read');
      return { bytes, tailAt: headBytes, size };
    } finally {
      await closeFd(fd);
    }
  } catch (cause) {
    throw new PhotodeskError('FILE_NOT_FOUND', `Cannot read ${path}: ${(cause as Error).message}`, { file: path, cause });
  }
}

/** Up to the first `length` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, length: number): Promise<Buffer> {
  const fd = await openFd(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    const { bytesRead } = await readFd(fd, buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await closeFd(fd);
  }
}

/**
 * One read into a buffer of the file's size: fs.readFile reads in 512 KiB steps, each a thread-pool round
 * trip, which doubles the time for the multi-megabyte photos a desk handles.
 */
async function readWhole(path: string, size: number): Promise<Buffer> {
  const fd = await openFd(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const { bytesRead } = await readFd(fd, buf, off, size - off, off);
      if (bytesRead === 0) break; // the file shrank while being read
      off += bytesRead;
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    await closeFd(fd);
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

/** `FILE_TOO_LARGE` for a source of `size` bytes (`atLeast`: a stream stopped there). */
export function tooLarge(size: number, maxBytes: number, file: string | null, atLeast = false): PhotodeskError {
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
