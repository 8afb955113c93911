/**
 * photodesk/queue: the distributed path. A producer ({@link createPhotoQueue}) stores originals in the private
 * store and adds small jobs to a BullMQ queue on Redis; workers ({@link createWorker}) on any number of machines,
 * configured by the same file, publish them. Loaded only by those who import it (it brings BullMQ and ioredis).
 */
export { createPhotoQueue } from './queue.js';
export type { PhotoQueue, PhotoQueueOptions, EnqueueOptions, Enqueued, JobStatus, JobOutcome, QueueStatus } from './queue.js';
export { createWorker } from './worker.js';
export type { WorkerOptions, WorkerEvent, PhotoWorker } from './worker.js';
export { parseQueueUrl } from './connection.js';
export { jobIdOf, isFinal, parseFailure } from './jobs.js';
export type { PhotoJobData, PhotoJobResult, JobFailure } from './jobs.js';
export { deskFromConfig } from '../from-config.js';
export type { DeskFromConfigOptions } from '../from-config.js';
