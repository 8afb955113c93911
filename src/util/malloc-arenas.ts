/** glibc's mmap threshold the renderers run with: buffers of 8 MiB and more are mapped, and unmapped when freed. */
const MMAP_THRESHOLD = 8 * 1024 * 1024;

/**
 * Makes this process run with `arenas` glibc malloc arenas and a fixed mmap threshold of 8 MiB, for processes
 * that render many photos (a bulk ingest, a worker, a publishing backend). glibc gives each thread an arena
 * and returns little of it, so the RSS of a process decoding large images on many threads climbs photo after
 * photo; two arenas keep it flat (sharp's own advice). glibc also raises its mmap threshold each time a mapped
 * buffer is freed (up to 32 MiB), after which a decoded image's buffers stay in the arenas: fixed at 8 MiB,
 * 100 photos of 12 MP stay at 431-435 MB instead of climbing 461 -> 543, for 3-10% more CPU time (4 MiB:
 * about 350 MB for 20% more, as every mapping costs page faults; `npm run bench -- bulk`). glibc reads both
 * variables only when a process starts, so the process replaces itself (`process.execve`: the same PID,
 * arguments, stdio and signals) with MALLOC_ARENA_MAX and MALLOC_MMAP_THRESHOLD_ set (a threshold already in
 * the environment is kept), and this call does not return. Nothing happens, and it returns false, when the
 * environment already sets MALLOC_ARENA_MAX (the user's choice wins), off Linux, or on Node without
 * `process.execve` (before 22.15: set the variables in the environment instead). Call it first thing, before
 * any work, from a script started with `node`: a loader CLI that rewrites process.argv (jiti, tsx) would not be
 * in the new process.
 */
export function limitMallocArenas(arenas = 2): boolean {
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (process.platform !== 'linux' || process.env.MALLOC_ARENA_MAX !== undefined || typeof execve !== 'function') return false;
  const env = { MALLOC_MMAP_THRESHOLD_: String(MMAP_THRESHOLD), ...process.env, MALLOC_ARENA_MAX: String(arenas) };
  return execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], env);
}
