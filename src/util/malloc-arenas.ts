/**
 * Makes this process run with `arenas` glibc malloc arenas, for processes that render many photos (a bulk
 * ingest, a worker, a publishing backend). glibc gives each thread an arena and returns little of it, so the
 * RSS of a process decoding large images on many threads climbs photo after photo; two arenas keep it flat
 * (sharp's own advice). glibc reads MALLOC_ARENA_MAX only when a process starts, so the process replaces
 * itself (`process.execve`: the same PID, arguments, stdio and signals) with the variable set, and this
 * call does not return. Nothing happens, and it returns false, when the environment already sets
 * MALLOC_ARENA_MAX (the user's choice wins), off Linux, or on Node without `process.execve` (before 22.15:
 * set the variable in the environment instead). Call it first thing, before any work, from a script started
 * with `node`: a loader CLI that rewrites process.argv (jiti, tsx) would not be in the new process.
 */
export function limitMallocArenas(arenas = 2): boolean {
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (process.platform !== 'linux' || process.env.MALLOC_ARENA_MAX !== undefined || typeof execve !== 'function') return false;
  return execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, MALLOC_ARENA_MAX: String(arenas) });
}
