import os from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDesk, isPhotodeskError, readManifest, readPointer, type Desk, type DeskConfig, type PublishedPhoto, type Storage } from '../../src/index.js';
import { readTags, writeTags } from '../helpers/exiftool.js';
import { makeJpeg } from '../helpers/fixtures.js';
import { DESK_CONFIG } from '../helpers/policy.js';

/** A public and a private store under test, fresh for each test, and the base of the public store's URLs. */
export type MakeStores = () => Promise<{ storage: Storage; privateStorage: Storage; base: string }>;

/** What a photographer's camera and the sender put in a file, none of which may be published. */
export const SECRETS = {
  gps: '27.5667', // longitude, as any JSON or text would print it
  serial: 'SN-0042-SECRET',
  make: 'SecretCamMaker',
  model: 'Model-X9-Secret',
  lens: 'LENS-SERIAL-7731',
  instructions: 'Do not publish the location of the unit',
  folder: 'secret-source-folder-4711',
};

/** A photo with a credit, a caption, GPS, a camera serial, make/model and special instructions, in a telling folder. */
export async function secretPhoto(dir: string, name = 'visit.jpg', width = 1400): Promise<string> {
  const file = path.join(dir, SECRETS.folder, name);
  rmSync(file, { force: true });
  await makeJpeg(file, width, 900);
  writeTags(file, {
    'IPTC:Credit': 'Russian Defense Ministry',
    'IPTC:Caption-Abstract': 'Russian Defense Minister S. Shoigu during his visit to Belarus, in Minsk',
    'IPTC:SpecialInstructions': SECRETS.instructions,
    'IPTC:DateCreated': '2024:05:01',
    'EXIF:GPSLatitude': '53.9',
    'EXIF:GPSLatitudeRef': 'N',
    'EXIF:GPSLongitude': SECRETS.gps,
    'EXIF:GPSLongitudeRef': 'E',
    'EXIF:SerialNumber': SECRETS.serial,
    'EXIF:Make': SECRETS.make,
    'EXIF:Model': SECRETS.model,
    'EXIF:LensSerialNumber': SECRETS.lens,
  });
  return file;
}

/** Every object under a storage, with its bytes. */
export async function everything(storage: Storage): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const o of storage.list()) out.set(o.key, await storage.get(o.key));
  return out;
}

/** Which of the secrets (and the machine's host name) occur in any byte of any object of the store. */
export async function leaks(storage: Storage): Promise<string[]> {
  const needles = [...Object.values(SECRETS), os.hostname()].filter((s) => s.length >= 6);
  const found = new Set<string>();
  for (const [key, body] of await everything(storage)) {
    for (const n of needles) if (body.includes(Buffer.from(n, 'utf8')) || body.includes(Buffer.from(n, 'utf16le')) || key.includes(n)) found.add(`${n} in ${key}`);
  }
  return [...found];
}

/** The URLs of a `<picture>`'s srcsets and src. */
export function urlsOf(markup: string): string[] {
  const urls = new Set<string>();
  for (const m of markup.matchAll(/(?:srcset|src)="([^"]+)"/g)) for (const part of m[1]!.split(',')) urls.add(part.trim().split(/\s+/)[0]!.replaceAll('&amp;', '&'));
  return [...urls];
}

/** Corrections, editions and kills: the same behaviour on every pair of stores. */
export function editionContract(name: string, make: MakeStores, dir: string): void {
  const deskOf = async (extra: Partial<DeskConfig> = {}) => {
    const stores = await make();
    return { ...stores, desk: createDesk({ policy: DESK_CONFIG, storage: stores.storage, privateStorage: stores.privateStorage, ...extra }) };
  };
  const keyOf = (base: string, url: string) => decodeURIComponent(url.slice(base.length + 1));
  const pointerOf = async (desk: Desk, r: PublishedPhoto) => (await readPointer(desk.storage, r.pointerKey))!.pointer;

  describe(`${name}: editions, corrections and kills`, () => {
    it('publishes no private fact (GPS, serials, make/model, instructions, source path) through ingest, correct and withdraw', async () => {
      const { desk, storage, privateStorage } = await deskOf();
      const file = await secretPhoto(dir);
      const first = await desk.ingest(file);
      expect(first.status).toBe('published');
      expect(await leaks(storage)).toEqual([]);
      // The desk does keep them, privately: the search above could find them.
      const priv = [...(await everything(privateStorage)).values()].map((b) => b.toString('latin1')).join('\n');
      for (const s of [SECRETS.serial, SECRETS.instructions, SECRETS.folder, SECRETS.gps]) expect(priv).toContain(s);
      const m = (await readManifest(storage, first.manifestKey))!;
      expect(Object.keys(m).sort()).toEqual(['altText', 'caption', 'copyright', 'creator', 'creditLine', 'dateCreated', 'digitalSourceType', 'editionId', 'headline', 'iptc', 'markup', 'photoId', 'photodesk', 'placeholder', 'renditions'].sort());
      await desk.correct(first.photoId, { credit: 'Reuters', caption: 'Corrected: the minister in Minsk, Belarus, on a visit' });
      expect(await leaks(storage)).toEqual([]);
      await desk.withdraw(first.photoId, { reason: 'Kill notice from the agency' });
      expect(await leaks(storage)).toEqual([]);
    });

    it('corrects the credit: new renditions embed it, the manifest prints it, the old edition stays intact, the pointer moves', async () => {
      const { desk, storage, base } = await deskOf();
      const first = await desk.ingest(await secretPhoto(dir, 'credit.jpg'));
      expect(first.creditLine).toBe('© Photo Russian Defence Ministry / Go to the mediabank');
      const fixed = await desk.correct(first.photoId, { credit: 'Reuters' }, { by: 'editor-on-duty' });
      expect(fixed).toMatchObject({ status: 'published', previousEdition: first.editionId, creditLine: '© Photo Reuters', rendered: 15, reused: 0 });
      expect(fixed.editionId).not.toBe(first.editionId);
      expect(await pointerOf(desk, fixed)).toMatchObject({ status: 'published', editionId: fixed.editionId, manifest: fixed.manifestKey });
      // Every new rendition's key is new (nothing a CDN holds was overwritten) and embeds the new credit.
      const oldKeys = new Set(first.renditions.map((r) => r.key));
      expect(fixed.renditions.every((r) => !oldKeys.has(r.key))).toBe(true);
      const jpeg = fixed.renditions.find((r) => r.format === 'jpeg')!;
      const tmp = path.join(dir, `read-${Date.now()}.jpg`);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(tmp, await storage.get(keyOf(base, jpeg.url)));
      expect(readTags(tmp)['XMP-photoshop:Credit']).toBe('Reuters');
      writeFileSync(tmp, await storage.get(first.renditions.find((r) => r.format === 'jpeg')!.key));
      expect(readTags(tmp)['XMP-photoshop:Credit']).toBe('Russian Defence Ministry'); // the cleaners' canonical name
      // The old edition is intact: its manifest and every object it names.
      const old = (await readManifest(storage, first.manifestKey))!;
      expect(old.creditLine).toBe('© Photo Russian Defence Ministry / Go to the mediabank');
      for (const o of old.renditions) expect((await storage.head(o.key))?.size).toBe(o.size);
      expect((await readManifest(storage, fixed.manifestKey))!.creditLine).toBe('© Photo Reuters');
      const h = await desk.history(first.photoId);
      expect(h.history.map((e) => [e.action, e.editionId, e.by])).toEqual([
        ['ingest', first.editionId, null],
        ['correct', fixed.editionId, 'editor-on-duty'],
      ]);
      expect(h.editions.map((e) => e.editionId).sort()).toEqual([first.editionId, fixed.editionId].sort());
    });

    it('corrects a caption or the alt text without rendering: the objects are reused, the record and markup change', async () => {
      const { desk } = await deskOf();
      const first = await desk.ingest(await secretPhoto(dir, 'caption.jpg'));
      const caption = await desk.correct(first.photoId, { caption: 'The minister, not his deputy, in Minsk during a visit' });
      // The policy's template is the seed's "{caption} - {site}, {width}, {date:DD.MM.YYYY}": {width} is the largest rendition (the 1400 px photo itself).
      expect(caption).toMatchObject({ status: 'published', rendered: 0, reused: 15, altText: 'The minister, not his deputy, in Minsk during a visit - Sputnik Africa, 1400, 01.05.2024' });
      expect(caption.renditions.map((r) => r.key)).toEqual(first.renditions.map((r) => r.key));
      const alt = await desk.correct(first.photoId, { altText: 'Two men shake hands at a table' });
      expect(alt).toMatchObject({ rendered: 0, altText: 'Two men shake hands at a table' });
      expect(alt.markup).toContain('alt="Two men shake hands at a table"');
      // Corrections accumulate: the caption correction is still there.
      expect((await readManifest(desk.storage, alt.manifestKey))!.caption).toBe('The minister, not his deputy, in Minsk during a visit');
      // The same correction again changes nothing.
      expect(await desk.correct(first.photoId, { altText: 'Two men shake hands at a table' })).toMatchObject({ status: 'already-published', editionId: alt.editionId });
    });

    it('of two corrections at once, one moves the pointer and the other gets STORAGE_CONFLICT', async () => {
      const stores = await make();
      const a = createDesk({ policy: DESK_CONFIG, ...stores });
      const b = createDesk({ policy: DESK_CONFIG, ...stores });
      const first = await a.ingest(await secretPhoto(dir, 'race.jpg'));
      const outcomes = await Promise.allSettled([a.correct(first.photoId, { credit: 'Reuters' }), b.correct(first.photoId, { credit: 'AFP' })]);
      const won = outcomes.filter((o): o is PromiseFulfilledResult<PublishedPhoto> => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(isPhotodeskError(lost[0]!.reason, 'STORAGE_CONFLICT')).toBe(true);
      expect(await pointerOf(a, first)).toMatchObject({ status: 'published', editionId: won[0]!.value.editionId });
      // The loser retries from the new state and wins.
      const loser = outcomes[0]!.status === 'rejected' ? { desk: a, credit: 'Reuters' } : { desk: b, credit: 'AFP' };
      const retry = await loser.desk.correct(first.photoId, { credit: loser.credit });
      expect(retry).toMatchObject({ status: 'published', previousEdition: won[0]!.value.editionId });
    });

    it('re-ingests under another plan as a new edition whose markup names only stored objects; dry-run keys equal published keys', async () => {
      const { desk, storage, base, privateStorage } = await deskOf();
      const file = await secretPhoto(dir, 'plan.jpg');
      const first = await desk.ingest(file);
      const renditions = { widths: [400, 800, 1920], formats: ['webp' as const, 'jpeg' as const], crops: [{ name: 'square', aspect: [1, 1] as [number, number] }, { name: '16x9', aspect: [16, 9] as [number, number] }] };
      const other = createDesk({ policy: DESK_CONFIG, storage, privateStorage, renditions });
      const planned = await other.ingest(file, { dryRun: true });
      const keys = planned.renditions.map((r) => r.key);
      expect(new Set(keys).size).toBe(keys.length); // no key twice, crops included
      expect(await storage.head(keys[0]!)).toBeNull(); // a dry run writes nothing
      const second = await other.ingest(file);
      expect(second.status).toBe('published');
      expect(second.editionId).not.toBe(first.editionId);
      expect(second.renditions.map((r) => r.key)).toEqual(keys);
      expect(second.renditions.filter((r) => r.crop === 'square').length).toBeGreaterThan(0);
      for (const url of urlsOf(second.markup!)) {
        expect(url.startsWith(base)).toBe(true);
        expect(await storage.head(keyOf(base, url)), url).not.toBeNull();
      }
      for (const r of second.renditions) expect((await storage.head(r.key))?.size).toBe(r.bytes);
      // The same photo and plan again: nothing rendered, nothing written.
      expect(await other.ingest(file)).toMatchObject({ status: 'already-published', editionId: second.editionId, rendered: 0 });
      // A changed policy (another credit suffix) makes a new edition on re-ingest.
      const policy = { ...DESK_CONFIG, rules: { ...DESK_CONFIG.rules, credit: { ...DESK_CONFIG.rules!.credit, agencies: DESK_CONFIG.rules!.credit!.agencies!.map((a) => (a.name === 'Russian Defence Ministry' ? { ...a, suffix: ' / Mediabank' } : a)) } } };
      const changed = await createDesk({ policy, storage, privateStorage, renditions }).ingest(file);
      expect(changed).toMatchObject({ status: 'published', creditLine: '© Photo Russian Defence Ministry / Mediabank', rendered: 0 });
    });

    it('withdraws: only the tombstone is left, and the same bytes are refused until an editor overrides', async () => {
      const { desk, storage } = await deskOf();
      const file = await secretPhoto(dir, 'kill.jpg');
      const first = await desk.ingest(file);
      await desk.correct(first.photoId, { credit: 'Reuters' });
      await desk.correct(first.photoId, { crops: [{ name: 'wide', aspect: [16, 9] }] });
      const t0 = performance.now();
      const w = await desk.withdraw(first.photoId.slice(0, 10), { reason: 'Agency kill notice: wrong location' });
      const ms = performance.now() - t0;
      expect(w.deleted).toBe(15 + 15 + 15 + 3); // three editions' renditions (the crop edition reuses 15) and three manifests
      console.log(`${name}: withdraw of a photo with 3 editions took ${ms.toFixed(0)} ms (${w.deleted} objects)`);
      const left = [...(await everything(storage)).keys()];
      expect(left).toEqual([first.pointerKey]);
      expect(await pointerOf(desk, first)).toMatchObject({ status: 'withdrawn', reason: 'Agency kill notice: wrong location' });
      await expect(desk.ingest(file)).rejects.toMatchObject({ code: 'PHOTO_WITHDRAWN' });
      await expect(desk.correct(first.photoId, { caption: 'Anything at all, really long enough' })).rejects.toMatchObject({ code: 'PHOTO_WITHDRAWN' });
      // Running it again finishes nothing new, and fails nothing.
      expect((await desk.withdraw(first.photoId, { reason: 'again' })).deleted).toBe(0);
      const back = await desk.ingest(file, { override: true, by: 'chief editor' });
      expect(back.status).toBe('published');
      expect(await pointerOf(desk, back)).toMatchObject({ status: 'published', editionId: back.editionId });
      for (const r of back.renditions) expect(await storage.head(r.key)).not.toBeNull();
    });

    it('refuses unknown photos and bad corrections with typed errors', async () => {
      const { desk } = await deskOf();
      await expect(desk.correct('0123456789abcdef', { caption: 'A caption that is long enough' })).rejects.toMatchObject({ code: 'PHOTO_NOT_FOUND' });
      await expect(desk.correct('not-an-id', { caption: 'A caption that is long enough' })).rejects.toMatchObject({ code: 'PHOTO_NOT_FOUND' });
      const first = await desk.ingest(await secretPhoto(dir, 'bad.jpg'));
      await expect(desk.correct(first.photoId, { focal: { x: 2, y: 0.5 } })).rejects.toMatchObject({ code: 'INVALID_PATCH', message: expect.stringContaining('focal.x') });
      await expect(desk.correct(first.photoId, { colour: 'red' } as never)).rejects.toMatchObject({ code: 'INVALID_PATCH' });
      await expect(desk.correct(first.photoId, {})).rejects.toMatchObject({ code: 'INVALID_PATCH' });
      await expect(desk.withdraw(first.photoId, { reason: ' ' })).rejects.toMatchObject({ code: 'INVALID_PATCH' });
    });
  });
}
