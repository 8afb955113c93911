import { CreateBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { inject } from 'vitest';

/** The S3-protocol server the suite talks to (see test/setup/s3-server.ts). */
export interface S3Target {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** True for the suite's own moto server. */
  moto: boolean;
  /** Why no server could be had, or null. */
  error: string | null;
}

/** The server, or a failure that says how to get one (the S3 tests never pass without a server). */
export function s3Target(): S3Target {
  const t = inject('s3');
  if (t.error) throw new Error(t.error);
  return t;
}

/** Client settings for the target (or for a proxy in front of it). */
export function clientConfig(t: S3Target, endpoint = t.endpoint): S3ClientConfig {
  return {
    endpoint,
    region: t.region,
    forcePathStyle: true,
    credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey },
  };
}

let counter = 0;

/** A new, empty bucket with a unique name (so files that share the server never see each other's objects). */
export async function freshBucket(t: S3Target): Promise<string> {
  const bucket = `photodesk-test-${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const client = new S3Client(clientConfig(t));
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return bucket;
}
