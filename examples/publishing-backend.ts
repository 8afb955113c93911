/**
 * A publishing backend's photo endpoints:
 *   POST   /photos       multipart/form-data upload (field "photo"): ingest, rules, renditions, storage; with a
 *                        queue, the photo is checked and queued (202 with its id and status URL) and workers
 *                        (`photodesk worker`) render it, so no request renders while a hundred photographers upload
 *   GET    /photos/:id   where a photo is: queued, active, published (with its record) or failed (with the code)
 *   PATCH  /photos/:id   a correction (JSON: credit, caption, headline, creator, copyright, altText, focal, crops), editors only
 *   DELETE /photos/:id   a withdrawal (JSON: { "reason": "..." }), editors only
 * Each answers JSON with the URLs, the <picture> markup, the credit line and the findings. Bad input is a
 * 4xx with the error code, never a 500 or a crash: not an image (415), too large (413), a policy failure
 * (422), a malformed request or correction (400), not an editor (401), an unknown photo (404), a concurrent
 * correction (409), a withdrawn photo (410).
 *
 * Editors: the host app decides who is one (`isEditor`); here, by default, a request carrying
 * `Authorization: Bearer $PHOTODESK_EDITOR_TOKEN`. Only an editor's upload may override the policy.
 *
 *   PHOTODESK_EDITOR_TOKEN=s3cret MALLOC_ARENA_MAX=2 npx jiti examples/publishing-backend.ts   # :8080, ./photodesk-out
 *
 * MALLOC_ARENA_MAX=2 keeps a server that renders for days flat in memory (sharp's advice for glibc); a host
 * app started with plain `node` can call photodesk's limitMallocArenas() first thing instead. `memoryBudget`
 * in the config caps the decoded images held at once.
 *   curl -F photo=@examples/photos/shoigu-belarus-visit.jpg http://localhost:8080/photos
 *   curl -X PATCH -H 'authorization: Bearer s3cret' -d '{"credit":"Reuters"}' http://localhost:8080/photos/<id>
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timingSafeEqual } from 'node:crypto';
import busboy from 'busboy';
import { isPhotodeskError, readMetadata, validate, type Desk, type PublishedPhoto } from 'photodesk';
import type { PhotoQueue } from 'photodesk/queue';

/** Statuses for photodesk's error codes: the client's fault is a 4xx. */
const STATUS: Record<string, number> = {
  UNSUPPORTED_TYPE: 415,
  FILE_TOO_LARGE: 413,
  PIXEL_LIMIT_EXCEEDED: 413,
  DECODE_LIMIT_EXCEEDED: 413,
  CORRUPT_IMAGE: 422,
  POLICY_FAILED: 422,
  INVALID_PATCH: 400,
  PHOTO_NOT_FOUND: 404,
  STORAGE_CONFLICT: 409,
  PHOTO_WITHDRAWN: 410,
};

export interface BackendOptions {
  desk: Desk;
  /** A job queue (photodesk/queue): uploads are checked and queued, workers publish them. */
  queue?: PhotoQueue;
  /** Largest accepted upload body, in bytes. Default 50 MB. */
  maxBodyBytes?: number;
  /**
   * Whether a request comes from an authenticated editor (who may correct, withdraw and override the policy).
   * Default: `Authorization: Bearer <PHOTODESK_EDITOR_TOKEN>`, and nobody when that variable is unset.
   */
  isEditor?: (req: IncomingMessage) => boolean;
}

/** The default editor check: a bearer token from the environment, compared in constant time. */
function tokenEditor(req: IncomingMessage): boolean {
  const token = process.env.PHOTODESK_EDITOR_TOKEN;
  const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token || !given) return false;
  const [a, b] = [Buffer.from(token), Buffer.from(given)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request handler, for mounting in any node:http server. */
export function photoHandler({ desk, queue, maxBodyBytes = 50 * 1024 * 1024, isEditor = tokenEditor }: BackendOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const one = /^\/photos\/([0-9a-f]{8,64})$/i.exec(req.url ?? '');
      if (one && req.method === 'GET') return send(res, 200, await photoStatus(desk, queue, one[1]!.toLowerCase()));
      if (one && (req.method === 'PATCH' || req.method === 'DELETE')) {
        if (!isEditor(req)) {
          req.resume();
          return send(res, 401, { error: { code: 'UNAUTHORIZED', message: 'Corrections and withdrawals are for editors: send Authorization: Bearer <token>' } });
        }
        const body = await readJson(req);
        if (req.method === 'DELETE') {
          const reason = typeof body.reason === 'string' ? body.reason : '';
          return send(res, 200, await desk.withdraw(one[1]!, { reason, by: 'editor' }));
        }
        const result = await desk.correct(one[1]!, body, { by: 'editor' });
        if (result.status === 'rejected') return send(res, 422, { error: { code: 'POLICY_FAILED', message: result.reason ?? 'The corrected photo fails the policy' }, findings: result.findings });
        return send(res, 200, recordOf(result));
      }
      if (req.method !== 'POST' || req.url !== '/photos') return send(res, 404, { error: { code: 'NOT_FOUND', message: 'POST /photos, PATCH /photos/:id, DELETE /photos/:id' } });
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBodyBytes) {
        req.resume();
        return send(res, 413, { error: { code: 'FILE_TOO_LARGE', message: `The upload is ${declared} bytes; the limit is ${maxBodyBytes}` } });
      }
      const upload = await readUpload(req, maxBodyBytes);
      // An override from the uploader counts only when the uploader is an editor.
      const override = upload.override && isEditor(req);
      if (queue) {
        // Checked here, without rendering (type, limits, the policy: a bad upload is still a 4xx now); rendered
        // by a worker, which applies the policy again.
        const report = validate(await readMetadata(upload.body, { legacyCharset: desk.policy.legacyCharset, limits: desk.policy.limits, hash: false, name: upload.filename }), desk.policy);
        if (report.verdict === 'fail' && !override) return send(res, 422, { error: { code: 'POLICY_FAILED', message: 'The photo fails the policy' }, findings: report.findings, creditLine: report.creditLine });
        const job = await queue.enqueue(upload.body, { name: upload.filename, override });
        res.setHeader('location', `/photos/${job.photoId}`);
        return send(res, 202, { status: 'queued', photoId: job.photoId, statusUrl: `/photos/${job.photoId}` });
      }
      const result = await desk.ingest(upload.body, { name: upload.filename, override });
      if (result.status === 'rejected') {
        return send(res, 422, { error: { code: 'POLICY_FAILED', message: result.reason ?? 'The photo fails the policy' }, findings: result.findings, creditLine: result.creditLine });
      }
      // 201 for a new edition; 200 with the existing record for a photo that is already published as it is.
      send(res, result.status === 'published' ? 201 : 200, recordOf(result));
    } catch (e) {
      if (isPhotodeskError(e)) return send(res, STATUS[e.code] ?? 400, { error: { code: e.code, message: e.message, hint: e.hint } });
      if (e instanceof UploadError) return send(res, e.status, { error: { code: e.code, message: e.message } });
      console.error('publishing-backend: unexpected error', e);
      send(res, 500, { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } });
    }
  };
}

/**
 * Where a photo is: its queue job's state while it has one (and the record or the failure once it ends), else
 * what the desk's records say (published, withdrawn).
 */
async function photoStatus(desk: Desk, queue: PhotoQueue | undefined, id: string): Promise<Record<string, unknown>> {
  const job = queue && id.length === 64 ? await queue.job(id) : null;
  if (job?.state === 'completed' && job.result) return { ...job.result, status: 'published' };
  if (job?.state === 'failed') return { status: 'failed', photoId: job.photoId, error: job.failure };
  if (job) return { status: job.state === 'active' ? 'processing' : 'queued', photoId: job.photoId, attempts: job.attempts };
  const h = await desk.history(id); // PHOTO_NOT_FOUND: 404
  const p = h.pointer;
  if (p?.status === 'withdrawn') return { status: 'withdrawn', photoId: h.photo.photoId, reason: p.reason, withdrawnAt: p.withdrawnAt };
  const edition = p?.status === 'published' ? h.editions.find((e) => e.editionId === p.editionId) : undefined;
  return { status: edition ? 'published' : 'unpublished', photoId: h.photo.photoId, editionId: edition?.editionId ?? null, manifestUrl: edition ? desk.storage.url(edition.manifestKey) : null, creditLine: edition?.public.creditLine ?? null, altText: edition?.public.altText ?? null };
}

/** The JSON a client gets for a published photo. */
function recordOf(result: PublishedPhoto) {
  return {
    status: result.status,
    photoId: result.photoId,
    editionId: result.editionId,
    previousEdition: result.previousEdition,
    manifestUrl: result.manifestUrl,
    pointerUrl: result.pointerUrl,
    urls: result.renditions.map((r) => ({ url: r.url, width: r.width, format: r.format, crop: r.crop })),
    markup: result.markup,
    placeholder: result.placeholder,
    creditLine: result.creditLine,
    altText: result.altText,
    findings: result.findings,
  };
}

/** A small JSON object body (a correction, a withdrawal's reason). */
async function readJson(req: IncomingMessage, maxBytes = 64 * 1024): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > maxBytes) throw new UploadError(413, 'FILE_TOO_LARGE', `The body is larger than ${maxBytes} bytes`);
    chunks.push(c);
  }
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new UploadError(400, 'BAD_REQUEST', 'Send a JSON object');
}

class UploadError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Reads the "photo" file field (and an optional "override" field) with busboy, stopping at the size limit. */
function readUpload(req: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; filename: string; override: boolean }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      // Browsers send UTF-8 file names; busboy's default (Latin-1) would garble "минобороны.jpg".
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes, fields: 5 } });
    } catch {
      reject(new UploadError(400, 'BAD_REQUEST', 'Send multipart/form-data with a "photo" file field'));
      return;
    }
    let file: { body: Buffer; filename: string } | null = null;
    let override = false;
    let failed = false;
    const fail = (err: UploadError) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume();
      reject(err);
    };
    bb.on('file', (name, stream, info) => {
      if (name !== 'photo') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail(new UploadError(413, 'FILE_TOO_LARGE', `The photo is larger than ${maxBytes} bytes`)));
      stream.on('end', () => {
        file = { body: Buffer.concat(chunks), filename: info.filename || 'upload' };
      });
    });
    bb.on('field', (name, value) => {
      if (name === 'override') override = value === 'true';
    });
    bb.on('error', () => fail(new UploadError(400, 'BAD_REQUEST', 'The multipart body is malformed')));
    bb.on('close', () => {
      if (failed) return;
      if (!file) reject(new UploadError(400, 'BAD_REQUEST', 'No "photo" file field in the upload'));
      else resolve({ ...file, override });
    });
    req.pipe(bb);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Starts the backend on a desk (and, optionally, a queue its workers pull from). */
export function startBackend(options: BackendOptions & { port?: number }): Promise<Server> {
  const server = createServer(photoHandler(options));
  return new Promise((resolve) => server.listen(options.port ?? 8080, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { loadConfig } = await import('photodesk');
  const { deskFromConfig, createPhotoQueue } = await import('photodesk/queue');
  const { policy, file } = await loadConfig();
  // One config file for the backend and its workers: storage URLs, plan, and (optionally) the queue.
  const desk = await deskFromConfig(policy, file ? { baseDir: path.dirname(file) } : {});
  const queue = policy.queue ? createPhotoQueue({ queue: policy.queue, privateStorage: desk.privateStorage, limits: policy.limits }) : undefined;
  const server = await startBackend({ desk, ...(queue ? { queue } : {}), port: Number(process.env.PORT ?? 8080) });
  // Stop cleanly on a signal: no new connections, requests in flight finish (uploads in progress stop before
  // their pointer moves, so nothing is half-published). `npx` passes SIGINT/SIGTERM to this process; a
  // supervisor that kills only npx's own PID should kill the process group instead (kill -- -PGID).
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.log(`publishing backend: ${sig}, closing`);
      server.close(() => void (queue ? queue.close() : Promise.resolve()).finally(() => process.exit(0)));
      server.closeIdleConnections();
      setTimeout(() => process.exit(1), 30_000).unref();
    });
  }
  // Said once the signal handlers are in place, so a supervisor that waits for this line can stop it cleanly.
  console.log(`publishing backend on http://127.0.0.1:${(server.address() as { port: number }).port}/photos`);
}
