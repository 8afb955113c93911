import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { PhotodeskError } from '../errors.js';
import { onLocalDisk } from './local-disk.js';
import type { PhotoSource } from './types.js';

/** The four file system calls the readers of a path make. */
interface FileCalls {
  stat(path: string): Promise<fs.Stats>;
  open(path: string, flags: string): Promise<number>;
  read(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(fd: number): Promise<void>;
}

// Plain file descriptors through the callback API, not fs.promises' FileHandle, whose open, read and close
// cost several times as much with many reads in flight (1,000 photos' first 4 KiB, 16 at a time: 89 ms
// against 26): the folder walk's sniff and the metadata-only read are little else.
const THREAD_POOL: FileCalls = { stat: promisify(fs.stat), open: promisify(fs.open), read: promisify(fs.read), close: promisify(fs.close) };

/** The same calls made at once, for small reads on a local disk ({@link onLocalDisk} says why). */
const BLOCKING: FileCalls = {
  stat: async (p) => fs.statSync(p),
  open: async (p, flags) => fs.openSync(p, flags),
  read: async (fd, buffer, offset, length, position) => ({ bytesRead: fs.readSync(fd, buffer, offset, length, position) }),
  close: async (fd) => fs.closeSync(fd),
};

/** How small reads of `path` are made: blocking on a local disk, through the thread pool elsewhere. */
async function smallReadCalls(path: string): Promise<FileCalls> {
  return (await onLocalDisk(path)) ? BLOCKING : THREAD_POOL;
}

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

/** Files up to this size are read whole with blocking calls on a local disk (well under a millisecond). */
const SMALL_FILE = 256 * 1024;

async function readPath(path: string, maxBytes: number): Promise<Buffer> {
  const calls = await smallReadCalls(path);
  const size = await fileSize(path, maxBytes, calls);
  try {
    return await readWhole(path, size, size <= SMALL_FILE ? calls : THREAD_POOL);
  } catch (cause) {
    throw new PhotodeskError('FILE_NOT_FOUND', `Cannot read ${path}: ${(cause as Error).message}`, { file: path, cause });
  }
}

/** The size of a regular file within `maxBytes`. @throws `FILE_NOT_FOUND`, `FILE_TOO_LARGE` */
async function fileSize(path: string, maxBytes: number, calls: FileCalls): Promise<number> {
  let stat;
  try {
    stat = await calls.stat(path);
  } catch (cause) {
    throw new PhotodeskError('FILE_NOT_FOUND', `Cannot read ${path}: ${(cause as Error).message}`, { file: path, cause });
  }
  if (!stat.isFile()) throw new PhotodeskError('FILE_NOT_FOUND', `${path} is not a regular file`, { file: path });
  if (stat.size > maxBytes) throw tooLarge(stat.size, maxBytes, path);
  return stat.size;
}

/** The start and the end of a file, one after the other, and the file's size. */
export interface HeadAndTail {
  /** The head then the tail; the whole file when it is no larger than both. */
  bytes: Buffer;
  /** Where the tail starts in `bytes` (`bytes.length` when they are the whole file). */
  tailAt: number;
  size: number;
}

/** What {@link readHeadAndTail} reads. */
export interface HeadAndTailRead {
  /** Sizes of the start, in steps: the first is read, each next one while `wantsMore` asks for it. */
  heads: readonly number[];
  /** Bytes of the end. */
  tail: number;
  /** Given the start read so far, true when the next step is wanted. Default: never. */
  wantsMore?: (head: Buffer) => boolean;
  /** Blocking system calls (true) or the thread pool (false); default: blocking on a local disk. */
  blocking?: boolean;
}

/**
 * Reads the start and the end of a file into one buffer: what a metadata check needs of a photo whose
 * metadata precedes its pixels, without reading megabytes of them. The start is read in steps on one open
 * file, the whole file when a step reaches its end. The size is not limited here: the caller first tells
 * from the start whether it has a photo at all.
 * @throws `FILE_NOT_FOUND` as {@link readSource}
 */
export async function readHeadAndTail(path: string, read: HeadAndTailRead): Promise<HeadAndTail> {
  const { heads, tail: tailBytes, wantsMore = () => false } = read;
  const calls = read.blocking === undefined ? await smallReadCalls(path) : read.blocking ? BLOCKING : THREAD_POOL;
  const size = await fileSize(path, Infinity, calls);
  try {
    if (size <= heads[0]! + tailBytes) {
      const bytes = await readWhole(path, size, calls);
      return { bytes, tailAt: bytes.length, size };
    }
    const fd = await calls.open(path, 'r');
    try {
      let head: Buffer = Buffer.alloc(0);
      for (let i = 0; i < heads.length; i++) {
        const length = heads[i]!;
        if (size <= length + tailBytes) {
          const bytes = await readRest(calls, fd, head, size);
          return { bytes, tailAt: bytes.length, size };
        }
        const bytes = await readRest(calls, fd, head, length, tailBytes);
        head = bytes.subarray(0, length);
        if (i < heads.length - 1 && wantsMore(head)) continue;
        await readExactly(calls, fd, bytes, length, tailBytes, size - tailBytes);
        return { bytes, tailAt: length, size };
      }
      throw new Error('no head size given');
    } finally {
      await calls.close(fd);
    }
  } catch (cause) {
    throw new PhotodeskError('FILE_NOT_FOUND', `Cannot read ${path}: ${(cause as Error).message}`, { file: path, cause });
  }
}

/** A buffer of `length` (+ `spare`) bytes: `start` (the file's first bytes) copied, the rest up to `length` read. */
async function readRest(calls: FileCalls, fd: number, start: Buffer, length: number, spare = 0): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length + spare);
  start.copy(bytes);
  await readExactly(calls, fd, bytes, start.length, length - start.length, start.length);
  return bytes;
}

/** Reads `length` bytes at `position` into `buffer` at `offset`. @throws when the file ends before */
async function readExactly(calls: FileCalls, fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await calls.read(fd, buffer, offset + done, length - done, position + done);
    if (bytesRead === 0) throw new Error('the file shrank while being read');
    done += bytesRead;
  }
}

/** Up to the first `length` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, length: number): Promise<Buffer> {
  const calls = await smallReadCalls(path);
  const fd = await calls.open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    const { bytesRead } = await calls.read(fd, buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await calls.close(fd);
  }
}

/**
 * One read into a buffer of the file's size: fs.readFile reads in 512 KiB steps, each a thread-pool round
 * trip, which doubles the time for the multi-megabyte photos a desk handles.
 */
async function readWhole(path: string, size: number, calls: FileCalls): Promise<Buffer> {
  const fd = await calls.open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const { bytesRead } = await calls.read(fd, buf, off, size - off, off);
      if (bytesRead === 0) break; // the file shrank while being read
      off += bytesRead;
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    await calls.close(fd);
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
