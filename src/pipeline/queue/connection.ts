import type { ConnectionOptions } from 'bullmq';
import { PhotodeskError } from '../../errors.js';

const FORM = /^rediss?:\/\/(?:[^@/\s]*@)?[^/\s:@]+(?::\d{1,5})?(?:\/(\d{1,2}))?\/?$/i;

/**
 * Checks a queue URL: `redis://[user:password@]host[:port][/db]` or `rediss://` for TLS. Anything else (a typo'd
 * scheme, a path, a missing host) is a usage error, never a silent default.
 * @throws `INVALID_QUEUE` (the password is never repeated in the message).
 */
export function parseQueueUrl(url: string): string {
  const u = url.trim();
  if (!FORM.test(u)) {
    const shown = u.replace(/\/\/[^@/]*@/, '//***@').slice(0, 200);
    throw new PhotodeskError('INVALID_QUEUE', `"${shown}" is not a queue URL: expected redis://host:port/db or rediss://host:port/db`);
  }
  return u;
}

/**
 * BullMQ connection settings for a URL. `blocking`: a worker or an event listener, which waits on Redis with
 * blocking commands and must retry forever across a Redis restart (BullMQ requires maxRetriesPerRequest null);
 * a producer gives up on a command after a few reconnection tries, so an upload can answer 503 instead of hanging.
 */
export function redisConnection(url: string, blocking: boolean): ConnectionOptions {
  return {
    url: parseQueueUrl(url),
    maxRetriesPerRequest: blocking ? null : 3,
    enableOfflineQueue: true,
    // Reconnect quickly, then every 2 s at most: a restarted Redis is found again within seconds.
    retryStrategy: (times: number) => Math.min(100 * 2 ** times, 2000),
  };
}

/** A printable form of a queue URL: without its password. */
export function redactQueueUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
