import { readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkUpload } from '../../examples/bulk-upload.js';
import { startBackend } from '../../examples/publishing-backend.js';
import { createDesk, createLocalStorage, resolvePolicy } from '../../src/index.js';
import { writeTags } from '../helpers/exiftool.js';
import { makeJpeg, pngBomb } from '../helpers/fixtures.js';
import { outputDir, ROOT } from '../helpers/paths.js';
import { freshBucket, s3Target } from '../helpers/s3.js';

const dir = outputDir('examples');
const policy = resolvePolicy(JSON.parse(readFileSync(path.join(ROOT, 'photodesk.config.json'), 'utf8')));

describe('examples/publishing-backend.ts', () => {
  let server: Server;
  let url: string;
  let good: Buffer;
  let failing: Buffer;
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    const g = await makeJpeg(path.join(dir, 'good.jpg'), 1400, 900);
    writeTags(g, { 'IPTC:Credit': 'Минобороны России', 'IPTC:Caption-Abstract': "Russian Defense Minister S. Shoigu's visit to Belarus" }, ['-IPTC:CodedCharacterSet=UTF8']);
    good = readFileSync(g);
    const f = await makeJpeg(path.join(dir, 'failing.jpg'), 1400, 900);
    writeTags(f, { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'CAPTION TK' });
    failing = readFileSync(f);
    const desk = createDesk({ policy, storage: createLocalStorage({ dir: path.join(dir, 'published'), publicBaseUrl: 'https://cdn.example.org' }), privateStorage: createLocalStorage({ dir: path.join(dir, 'private') }) });
    server = await startBackend({ desk, port: 0, maxBodyBytes: 2 * 1024 * 1024, isEditor: (req) => req.headers.authorization === 'Bearer editor-token' });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photos`;
  });
  afterAll(async () => new Promise<void>((r) => server.close(() => r())));

  const upload = (body: Buffer, filename: string, type = 'image/jpeg') => {
    const form = new FormData();
    form.append('photo', new Blob([body], { type }), filename);
    return fetch(url, { method: 'POST', body: form });
  };

  it('publishes a good upload and answers with URLs, markup, credit line and findings', async () => {
    const res = await upload(good, 'visit.jpg');
    expect(res.status).toBe(201);
    const body = (await res.json()) as { urls: { url: string }[]; markup: string; creditLine: string; findings: { rule: string }[]; manifestUrl: string };
    expect(body.urls).toHaveLength(15);
    expect(body.urls[0]!.url).toMatch(/^https:\/\/cdn\.example\.org\/undated\/00\/[0-9a-f]{12}\/visit-\d+-[0-9a-f]{16}\.(avif|webp|jpg)$/); // no date in the photo
    expect(body.markup).toMatch(/^<picture>/);
    expect(body.creditLine).toBe('© Photo Russian Defence Ministry / Go to the mediabank');
    expect(body.findings.map((f) => f.rule)).toContain('credit-format');
    expect(body.manifestUrl).toMatch(/\/edition-[0-9a-f]{16}\.json$/);
  });

  it('answers 4xx with the error code for a PDF, an oversized body, a pixel bomb, a policy failure and a malformed request', async () => {
    const pdf = await upload(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'), 'report.jpg', 'application/pdf');
    expect(pdf.status).toBe(415);
    expect(((await pdf.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_TYPE');

    const big = await upload(Buffer.alloc(3 * 1024 * 1024, 1), 'huge.jpg');
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('FILE_TOO_LARGE');

    const bomb = await upload(pngBomb(40000, 40000), 'bomb.png', 'image/png');
    expect(bomb.status).toBe(413);
    expect(((await bomb.json()) as { error: { code: string } }).error.code).toBe('PIXEL_LIMIT_EXCEEDED');

    const policyFail = await upload(failing, 'tk.jpg');
    expect(policyFail.status).toBe(422);
    const pf = (await policyFail.json()) as { error: { code: string }; findings: { rule: string }[] };
    expect(pf.error.code).toBe('POLICY_FAILED');
    expect(pf.findings.map((f) => f.rule)).toContain('caption-placeholder');

    const malformed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(malformed.status).toBe(400);
    const wrongPath = await fetch(url.replace('/photos', '/nope'), { method: 'POST' });
    expect(wrongPath.status).toBe(404);

    // Still serving after all of that; the same photo again is the existing record, 200.
    const again = await upload(good, 'again.jpg');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe('already-published');
  });

  it('lets an editor correct (PATCH) and withdraw (DELETE), with 4xx for strangers, bad patches and unknown ids', async () => {
    const g = await makeJpeg(path.join(dir, 'edit.jpg'), 1300, 900);
    writeTags(g, { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'A photo the desk will correct and then withdraw' });
    const created = (await (await upload(readFileSync(g), 'минобороны-учения.jpg')).json()) as { photoId: string; editionId: string; urls: { url: string }[] };
    expect(created.urls[0]!.url).toContain('/minoborony-ucheniya-'); // a UTF-8 file name, transliterated, not garbled
    const editor = { authorization: 'Bearer editor-token', 'content-type': 'application/json' };
    const patch = (id: string, body: unknown, headers: Record<string, string> = editor) => fetch(`${url}/${id}`, { method: 'PATCH', headers, body: JSON.stringify(body) });
    expect((await patch(created.photoId, { caption: 'Corrected caption of the photo' }, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await patch(created.photoId, { caption: 'Corrected caption of the photo' }, { ...editor, authorization: 'Bearer wrong' })).status).toBe(401);
    const bad = await patch(created.photoId, { focal: { x: 5, y: 0 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_PATCH');
    expect((await patch('0123456789abcdef', { caption: 'Corrected caption of the photo' })).status).toBe(404);
    const fixed = await patch(created.photoId, { caption: 'Corrected caption of the photo, by the desk' });
    expect(fixed.status).toBe(200);
    expect((await fixed.json()) as object).toMatchObject({ status: 'published', previousEdition: created.editionId, altText: expect.stringContaining('Corrected caption') });
    const killNoAuth = await fetch(`${url}/${created.photoId}`, { method: 'DELETE', body: JSON.stringify({ reason: 'kill' }) });
    expect(killNoAuth.status).toBe(401);
    const kill = await fetch(`${url}/${created.photoId}`, { method: 'DELETE', headers: editor, body: JSON.stringify({ reason: 'Agency kill notice' }) });
    expect(kill.status).toBe(200);
    expect((await kill.json()) as object).toMatchObject({ status: 'withdrawn', deleted: 17 }); // 15 renditions (shared by both editions) and two manifests
    expect((await patch(created.photoId, { caption: 'Another correction of the photo' })).status).toBe(410);
    expect((await upload(readFileSync(g), 'again.jpg')).status).toBe(410);
  });

  it('honours an override only from an editor', async () => {
    const form = () => {
      const f = new FormData();
      f.append('photo', new Blob([failing], { type: 'image/jpeg' }), 'tk.jpg');
      f.append('override', 'true');
      return f;
    };
    expect((await fetch(url, { method: 'POST', body: form() })).status).toBe(422);
    expect((await fetch(url, { method: 'POST', body: form(), headers: { authorization: 'Bearer editor-token' } })).status).toBe(201);
  });
});

describe('examples/bulk-upload.ts', () => {
  it('moves a folder to S3 and resumes: a second run skips everything', async () => {
    const target = s3Target();
    const bucket = await freshBucket(target);
    const folder = path.join(dir, 'bulk');
    for (let i = 0; i < 3; i++) {
      const f = await makeJpeg(path.join(folder, `p${i}.jpg`), 1300 + i * 10, 900);
      writeTags(f, { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': `Bulk photo ${i} of the archive, with a caption long enough` });
    }
    process.env.AWS_ACCESS_KEY_ID = target.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = target.secretAccessKey;
    const journalDir = path.join(dir, 'bulk-journal');
    rmSync(journalDir, { recursive: true, force: true });
    const privateTo = `s3://${await freshBucket(target)}/desk`;
    const first = await bulkUpload({ folder, to: `s3://${bucket}/archive`, privateTo, endpoint: target.endpoint, journalDir });
    expect(first).toEqual({ published: 3, skipped: 0, failed: 0 });
    const second = await bulkUpload({ folder, to: `s3://${bucket}/archive`, privateTo, endpoint: target.endpoint, journalDir });
    expect(second).toEqual({ published: 0, skipped: 3, failed: 0 });
  });
});
