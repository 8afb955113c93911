/**
 * examples/publishing-backend.ts with a queue: an upload is checked and queued (202), a worker publishes it, and
 * GET /photos/:id follows it to its record; a bad upload is still refused at once.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend } from '../../examples/publishing-backend.js';
import { queueConfigSchema, resolvePolicy } from '../../src/config/index.js';
import { createDesk, createLocalStorage } from '../../src/index.js';
import { createPhotoQueue, createWorker, type PhotoQueue, type PhotoWorker } from '../../src/pipeline/queue/index.js';
import { outputDir } from '../helpers/paths.js';
import { deskPhoto, redisUrl } from './helpers.js';

const dir = outputDir('queue-backend');

describe('examples/publishing-backend.ts with a queue', () => {
  let server: Server;
  let base: string;
  let queue: PhotoQueue;
  let worker: PhotoWorker;
  let good: Buffer;
  let failing: Buffer;
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    good = readFileSync(await deskPhoto(dir, 60));
    failing = readFileSync(await deskPhoto(dir, 61, { caption: 'CAPTION TK' }));
    const q = queueConfigSchema.parse({ url: redisUrl(), name: `backend-${process.pid}`, prefix: 'pdtest', backoffMs: 100 });
    const policy = resolvePolicy({ rules: { credit: { agencies: [{ name: 'Reuters' }] } }, renditions: { widths: [320], formats: ['webp'] }, queue: q });
    const desk = createDesk({ policy, storage: createLocalStorage({ dir: path.join(dir, 'out'), publicBaseUrl: 'https://cdn.example.org' }), privateStorage: createLocalStorage({ dir: path.join(dir, 'private') }) });
    queue = createPhotoQueue({ queue: q, privateStorage: desk.privateStorage, limits: policy.limits });
    worker = await createWorker({ config: policy, desk, concurrency: 1 });
    server = await startBackend({ desk, queue, port: 0 });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await worker.close();
    await queue.close();
  });

  const upload = (body: Buffer, filename: string, type = 'image/jpeg') => {
    const form = new FormData();
    form.append('photo', new Blob([body], { type }), filename);
    return fetch(`${base}/photos`, { method: 'POST', body: form });
  };

  it('answers an upload with 202, the photo id and its status URL; the status moves to published with the record', async () => {
    const res = await upload(good, 'harbour.jpg');
    expect(res.status).toBe(202);
    const body = (await res.json()) as { status: string; photoId: string; statusUrl: string };
    expect(body).toMatchObject({ status: 'queued', photoId: expect.stringMatching(/^[0-9a-f]{64}$/), statusUrl: `/photos/${body.photoId}` });
    expect(res.headers.get('location')).toBe(body.statusUrl);
    let status: { status: string; creditLine?: string; manifestUrl?: string } = { status: 'queued' };
    const seen = new Set<string>();
    for (let i = 0; i < 200 && status.status !== 'published'; i++) {
      status = (await (await fetch(`${base}${body.statusUrl}`)).json()) as typeof status;
      seen.add(status.status);
      if (status.status !== 'published') await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toMatchObject({ status: 'published', creditLine: '© Photo Reuters', manifestUrl: expect.stringMatching(/^https:\/\/cdn\.example\.org\/.*\/edition-[0-9a-f]{16}\.json$/) });
    expect([...seen].every((s) => ['queued', 'processing', 'published'].includes(s))).toBe(true);
  });

  it('still refuses a bad upload at once: 415 for a PDF, 422 for a policy failure, 404 for an unknown photo', async () => {
    const pdf = await upload(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'), 'report.jpg', 'application/pdf');
    expect(pdf.status).toBe(415);
    expect(((await pdf.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_TYPE');
    const failed = await upload(failing, 'tk.jpg');
    expect(failed.status).toBe(422);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('POLICY_FAILED');
    expect((await queue.status()).counts.waiting ?? 0).toBe(0); // nothing was queued for them
    const unknown = await fetch(`${base}/photos/${'ab'.repeat(32)}`);
    expect(unknown.status).toBe(404);
  });
});
