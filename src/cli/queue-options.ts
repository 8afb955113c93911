import { queueConfigSchema, type Policy, type QueueConfig } from '../config/schema.js';
import { PhotodeskError } from '../errors.js';
import { parseQueueUrl } from '../pipeline/queue/connection.js';

/**
 * The queue settings: the config's `queue` section with the URL given on the command line, if any.
 * @throws `INVALID_QUEUE` for a malformed URL or no queue at all (a usage error: exit 2).
 */
export function queueConfigOf(policy: Policy, url: string | boolean | undefined): QueueConfig {
  if (typeof url === 'string') return queueConfigSchema.parse({ ...(policy.queue ?? {}), url: parseQueueUrl(url) });
  if (policy.queue) return policy.queue;
  throw new PhotodeskError('INVALID_QUEUE', 'No queue: give --queue redis://host:port/db or add "queue": { "url": "redis://…" } to the config');
}
