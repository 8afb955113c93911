import { statfs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const statfsAsync = promisify(statfs);

/**
 * Linux `statfs` types of file systems on local storage (linux/magic.h): ext2/3/4, XFS, Btrfs, tmpfs,
 * ramfs, overlayfs (containers), ZFS, F2FS. Anything else, NFS and SMB shares above all, is not here.
 */
const LOCAL_TYPES = new Set([0xef53, 0x58465342, 0x9123683e, 0x01021994, 0x858458f6, 0x794c7630, 0x2fc12fc1, 0xf2f52010]);

/** Directories already asked about; cleared when full so a walk over millions of folders stays small. */
const known = new Map<string, Promise<boolean>>();
const MAX_KNOWN = 1024;

/**
 * True when `file`'s folder is on a local file system of Linux (asked once per folder). There a small read
 * with blocking system calls takes a few microseconds, while a read through libuv's thread pool costs each
 * of its calls (stat, open, read, close) a round trip of some 40 microseconds of CPU on a virtual machine,
 * which was a fifth of `photodesk validate`. On a network share a blocking call could hold the event loop
 * for as long as the server takes, so anything not known to be local (and every other OS) answers false.
 * Written here because no maintained package tells local from network file systems.
 */
export function onLocalDisk(file: string): Promise<boolean> {
  if (process.platform !== 'linux') return Promise.resolve(false);
  const dir = path.dirname(path.resolve(file));
  let answer = known.get(dir);
  if (!answer) {
    if (known.size >= MAX_KNOWN) known.clear();
    answer = statfsAsync(dir).then((s) => LOCAL_TYPES.has(s.type), () => false);
    known.set(dir, answer);
  }
  return answer;
}
