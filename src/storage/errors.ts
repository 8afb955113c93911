import { PhotodeskError, type ErrorCode } from '../errors.js';

/** A storage failure: a stable code, the key, and what to do. Messages never carry credentials. */
export function storageError(code: ErrorCode, key: string, message: string, cause?: unknown): PhotodeskError {
  return new PhotodeskError(code, `${message} (key ${key})`, { file: key, cause: cause === undefined ? undefined : sanitizeCause(cause) });
}

/** What an error from the SDK or the file system says, without secrets: name, message, errno, HTTP status, request id. */
export function describeCause(e: unknown, secrets: readonly string[] = []): string {
  const err = e as { name?: string; message?: string; code?: string; errno?: number; cause?: { code?: string }; $metadata?: { httpStatusCode?: number; requestId?: string } };
  const parts: string[] = [];
  const name = err.name && err.name !== 'Error' ? err.name : '';
  const message = (err.message ?? '').split('\n')[0]!.trim();
  parts.push([name, message].filter(Boolean).join(': ') || 'unknown error');
  const errno = err.code ?? err.cause?.code;
  if (errno && !parts[0]!.includes(errno)) parts.push(errno);
  if (err.$metadata?.httpStatusCode) parts.push(`HTTP ${err.$metadata.httpStatusCode}`);
  if (err.$metadata?.requestId) parts.push(`request id ${err.$metadata.requestId}`);
  let text = parts.join(', ');
  for (const s of secrets) if (s.length >= 4) text = text.split(s).join('***');
  return text;
}

/** An error reduced to what is safe to keep and log (see {@link describeCause}), with its errno and status. */
function sanitizeCause(e: unknown): Error {
  const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const out = new Error(describeCause(e)) as Error & { code?: string; status?: number };
  out.name = err.name ?? 'Error';
  if (typeof err.code === 'string') out.code = err.code;
  if (err.$metadata?.httpStatusCode) out.status = err.$metadata.httpStatusCode;
  return out;
}

/** A file system error as a storage error: permissions, a full disk, a missing folder each get their code. */
export function fsError(e: unknown, key: string, what: string): PhotodeskError {
  const errno = (e as NodeJS.ErrnoException).code ?? '';
  const code: ErrorCode = ['EACCES', 'EPERM', 'EROFS'].includes(errno) ? 'STORAGE_ACCESS_DENIED' : ['ENOSPC', 'EDQUOT'].includes(errno) ? 'STORAGE_FULL' : errno === 'ENOENT' ? 'STORAGE_NOT_FOUND' : errno === 'ENOTDIR' ? 'STORAGE_CONFIG' : 'STORAGE_UNAVAILABLE';
  return storageError(code, key, `${what}: ${describeCause(e)}`, e);
}
