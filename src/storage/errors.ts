import { PhotodeskError, type ErrorCode } from '../errors.js';

/** A storage failure: a stable code, the key, and what to do. Messages never carry credentials. */
export function storageError(code: ErrorCode, key: string, message: string, cause?: unknown): PhotodeskError {
  return new PhotodeskError(code, `${message} (key ${key})`, { file: key, cause: cause === undefined ? undefined : sanitizeCause(cause) });
}

/** An SDK error reduced to what is safe to log: its name, HTTP status and request id. */
function sanitizeCause(e: unknown): Error {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
  const status = err.$metadata?.httpStatusCode;
  const out = new Error(`${err.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}${err.$metadata?.requestId ? ` request ${err.$metadata.requestId}` : ''}`);
  out.name = err.name ?? 'Error';
  return out;
}
