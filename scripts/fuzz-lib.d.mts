/** Types of fuzz-lib.mjs (the fuzz harness; see there). */
export interface FuzzSeed {
  name: string;
  bytes: Buffer;
}
export interface FuzzApi {
  readMetadata(bytes: Buffer, options: { name: string }): Promise<unknown>;
  validate(record: never, policy: never): unknown;
  isPhotodeskError(e: unknown): e is { code: string };
  policy: unknown;
  ingest?: (bytes: Buffer, name: string) => Promise<unknown>;
}
export interface FuzzResult {
  mutants: number;
  records: number;
  typedErrors: number;
  ingested: number;
  codes: Record<string, number>;
  crashers: { what: string; why: string; sha: string }[];
  slowest: { ms: number; what: string };
  slowestIngest: { ms: number; what: string };
}
export function rng(seed: number): () => number;
export function mutate(seed: Buffer, random: () => number): { bytes: Buffer; ops: string };
export function fuzz(options: { seeds: FuzzSeed[]; count: number; seed?: number; api: FuzzApi; ingestEvery?: number; timeLimitMs?: number; ingestLimitMs?: number; saveDir?: string | null; onProgress?: ((n: number) => void) | null }): Promise<FuzzResult>;
