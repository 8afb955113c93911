/**
 * A publishing backend's photo endpoint: POST /photos with a multipart/form-data upload (field "photo"),
 * runs the desk (ingest, rules, renditions, storage) and answers JSON with the URLs, the <picture> markup,
 * the credit line and the findings. Bad input is a 4xx with the error code, never a 500 or a crash:
 * not an image (415), too large (413), a policy failure (422), a malformed request (400).
 *
 *   npx jiti examples/publishing-backend.ts        # listens on :8080, publishes to ./photodesk-out
 *   curl -F photo=@examples/photos/shoigu-belarus-visit.jpg http://localhost:8080/photos
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import busboy from 'busboy';
import { createDesk, isPhotodeskError, type Desk } from 'photodesk';

/** Statuses for photodesk's error codes: the client's fault is a 4xx. */
const STATUS: Record<string, number> = {
  UNSUPPORTED_TYPE: 415,
  FILE_TOO_LARGE: 413,
  PIXEL_LIMIT_EXCEEDED: 413,
  CORRUPT_IMAGE: 422,
  POLICY_FAILED: 422,
};

export interface BackendOptions {
  desk: Desk;
  /** Largest accepted upload body, in bytes. Default 50 MB. */
  maxBodyBytes?: number;
}

/** The request handler, for mounting in any node:http server. */
export function photoHandler({ desk, maxBodyBytes = 50 * 1024 * 1024 }: BackendOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (req.method !== 'POST' || req.url !== '/photos') return send(res, 404, { error: { code: 'NOT_FOUND', message: 'POST /photos' } });
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBodyBytes) {
        req.resume();
        return send(res, 413, { error: { code: 'FILE_TOO_LARGE', message: `The upload is ${declared} bytes; the limit is ${maxBodyBytes}` } });
      }
      const upload = await readUpload(req, maxBodyBytes);
      const result = await desk.ingest(upload.body, { name: upload.filename, override: upload.override });
      if (result.status === 'rejected') {
        return send(res, 422, { error: { code: 'POLICY_FAILED', message: result.reason ?? 'The photo fails the policy' }, findings: result.findings, creditLine: result.creditLine });
      }
      send(res, 201, {
        status: result.status,
        photoId: result.photoId,
        manifestUrl: result.manifestUrl,
        urls: result.renditions.map((r) => ({ url: r.url, width: r.width, format: r.format })),
        markup: result.markup,
        placeholder: result.placeholder,
        creditLine: result.creditLine,
        altText: result.altText,
        findings: result.findings,
      });
    } catch (e) {
      if (isPhotodeskError(e)) return send(res, STATUS[e.code] ?? 400, { error: { code: e.code, message: e.message, hint: e.hint } });
      if (e instanceof UploadError) return send(res, e.status, { error: { code: e.code, message: e.message } });
      console.error('publishing-backend: unexpected error', e);
      send(res, 500, { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } });
    }
  };
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
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 5 } });
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

/** Starts the backend: `createDesk()` publishes to ./photodesk-out with the policy in the working directory. */
export function startBackend(options: BackendOptions & { port?: number }): Promise<Server> {
  const server = createServer(photoHandler(options));
  return new Promise((resolve) => server.listen(options.port ?? 8080, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { loadConfig } = await import('photodesk');
  const { policy } = await loadConfig();
  const server = await startBackend({ desk: createDesk({ policy }), port: Number(process.env.PORT ?? 8080) });
  console.log(`publishing backend on http://127.0.0.1:${(server.address() as { port: number }).port}/photos`);
}
