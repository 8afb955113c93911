import type { Policy } from '../config/schema.js';
import type { PhotoMetadata } from '../metadata/types.js';
import { creditWasCut, matchCredit, renderCreditLine } from './agencies.js';

/**
 * The credit as it is printed under the photo: the house template for the matched agency, e.g.
 * "© Photo Russian Defence Ministry / Go to the mediabank" from a credit of "Минобороны России".
 * An unknown agency's cleaned credit is rendered with the policy's template. Null when there is no credit.
 */
export function creditLine(metadata: Pick<PhotoMetadata, 'credit' | 'creator'> & Partial<Pick<PhotoMetadata, 'warnings'>>, policy: Policy): string | null {
  if (!metadata.credit || metadata.credit.trim() === '') return null;
  const m = matchCredit(metadata.credit, policy, { truncated: creditWasCut({ warnings: metadata.warnings ?? [] }) });
  return renderCreditLine(m.agency?.name ?? m.cleaned, m.agency, policy, metadata.creator[0] ?? null);
}
