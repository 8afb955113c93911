import { beforeAll } from 'vitest';
import { createS3Storage } from '../../src/index.js';
import { outputDir } from '../helpers/paths.js';
import { clientConfig, freshBucket, s3Target, type S3Target } from '../helpers/s3.js';
import { editionContract } from './editions.js';

/* Against the suite's S3 server (moto, or S3_ENDPOINT): the public store and the private store are two buckets. */
let target: S3Target;
beforeAll(() => {
  target = s3Target();
});

editionContract(
  'S3',
  async () => {
    const [pub, priv] = [await freshBucket(target), await freshBucket(target)];
    const base = 'https://cdn.example.org';
    return {
      storage: createS3Storage({ bucket: pub, prefix: 'site', clientConfig: clientConfig(target), publicBaseUrl: base }),
      privateStorage: createS3Storage({ bucket: priv, prefix: 'desk', clientConfig: clientConfig(target) }),
      base,
    };
  },
  outputDir('editions-s3'),
);
