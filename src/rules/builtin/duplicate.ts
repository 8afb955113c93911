import type { Rule } from '../types.js';

/**
 * The same picture published before (another wire's copy of a handout, a re-sized re-send): the caller looks
 * the photo's perceptual hash up in the catalogue and passes what it found as `similar`.
 */
export const nearDuplicate: Rule = {
  id: 'near-duplicate',
  severity: 'warning',
  description: 'A near-identical picture was published before (perceptual hash within the distance set in catalogue.maxDistance)',
  check({ similar }) {
    return (similar ?? []).map((s) => ({
      field: null,
      message: `Looks like a photo the desk has ${s.status === 'withdrawn' ? 'withdrawn' : 'published'}: ${s.photoId.slice(0, 12)}${s.credit ? ` (credit ${s.credit})` : ''}${s.url ? `, ${s.url}` : ''}; ${s.distance} of 64 bits differ`,
      value: { photoId: s.photoId, distance: s.distance, credit: s.credit, url: s.url, status: s.status },
    }));
  },
};
