import type { PhotoMetadata } from '../metadata/types.js';
import type { Policy } from '../config/schema.js';
import type { CreditMatch } from './agencies.js';

/** How much a finding matters: an `error` stops publication, a `warning` needs a look, `info` is a note. */
export type Severity = 'error' | 'warning' | 'info';

/** A safe change photodesk proposes (and applies to the metadata it publishes; never to the original file). */
export interface Fix {
  field: keyof PhotoMetadata;
  before: unknown;
  after: unknown;
}

/** One rule's outcome on one photo. */
export interface Finding {
  /** Stable rule id, e.g. `credit-unknown-agency`. */
  rule: string;
  severity: Severity;
  /** The metadata field concerned, or null for the photo as a whole. */
  field: string | null;
  /** A sentence a picture editor understands. */
  message: string;
  /** The value the rule looked at. */
  value: unknown;
  fix?: Fix;
}

/** What a rule returns: a finding without its id and severity (the engine fills them in). */
export type RuleOutcome = Omit<Finding, 'rule' | 'severity'> & { severity?: Severity };

/** What a rule sees. */
export interface RuleContext {
  metadata: PhotoMetadata;
  policy: Policy;
  /** "Now", for embargoes; injectable for tests and re-runs. */
  now: Date;
  /** The metadata after the safe cleaners: the value a rule's fix proposes comes from here. */
  fixed: PhotoMetadata;
  /** The credit as the cleaners matched it (cleaned form, agency, steps), or null without a credit. */
  credit: CreditMatch | null;
  /** Earlier photos that look the same (from the desk's catalogue), when the caller looked them up. */
  similar?: SimilarPhoto[];
}

/** An earlier photo whose perceptual hash is close to this one's. */
export interface SimilarPhoto {
  photoId: string;
  /** Bits of the 64-bit perceptual hashes that differ. */
  distance: number;
  credit: string | null;
  /** Its public record (manifest) URL, when published. */
  url: string | null;
  status: 'published' | 'withdrawn';
}

/** A rule: built-in or custom (from a TS/JS config). */
export interface Rule {
  id: string;
  /** Default severity; the config's `rules.severity[id]` overrides it or switches the rule off. */
  severity: Severity;
  /** One line for the README and `--help`. */
  description: string;
  check(ctx: RuleContext): RuleOutcome | RuleOutcome[] | null | undefined;
}

/** The verdict of a report: `fail` when any finding is an error, `warn` when any is a warning. */
export type Verdict = 'pass' | 'warn' | 'fail';

/** All findings for one photo, its verdict, and the metadata with the safe fixes applied. */
export interface Report {
  file: string | null;
  verdict: Verdict;
  findings: Finding[];
  fixed: PhotoMetadata;
  /** The credit as it will be printed under the photo, from the house template. */
  creditLine: string | null;
}
