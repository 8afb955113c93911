import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createS3Storage } from '../../src/index.js';
import { runCliAsync } from '../helpers/cli.js';
import { outputDir, ROOT } from '../helpers/paths.js';
import { freshBucket, s3Target } from '../helpers/s3.js';

/* Storage errors keep their cause and say what to do; ingest finds them before it renders anything. */
const dir = outputDir('cli-storage-errors');
const photos = path.join(ROOT, 'examples', 'photos');
const config = path.join(ROOT, 'photodesk.config.json');
const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
/** No credentials from anywhere but what a test gives (no profile files, no instance metadata). */
const bare = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', S3_ENDPOINT: '' };

async function ingest(to: string, extra: string[], env: Record<string, string>) {
  const priv = path.join(dir, `private-${Math.random().toString(36).slice(2)}`);
  const r = await runCliAsync(['ingest', photos, '--to', to, '--private', priv, '--config', config, '--no-progress', ...extra], { env: { ...bare, ...env } });
  return { ...r, priv };
}

describe('storage errors say why, and ingest fails fast', () => {
  it('a missing bucket: STORAGE_NOT_FOUND with the S3 error, before any photo is rendered', async () => {
    const t = s3Target();
    const r = await ingest('s3://no-such-bucket-photodesk/site', ['--endpoint', t.endpoint], { AWS_ACCESS_KEY_ID: t.accessKeyId, AWS_SECRET_ACCESS_KEY: SECRET });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('STORAGE_NOT_FOUND');
    expect(r.stderr).toContain('NoSuchBucket');
    expect(r.stderr).not.toMatch(/^(published|planned) /m); // nothing was rendered
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain(SECRET);
  });

  it('a refused connection: STORAGE_UNAVAILABLE naming ECONNREFUSED', async () => {
    const r = await ingest('s3://newsroom-photos/site', ['--endpoint', 'http://127.0.0.1:9'], { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: SECRET });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/STORAGE_UNAVAILABLE: .*ECONNREFUSED/);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('no credentials: STORAGE_AUTH saying how to give them', async () => {
    const t = s3Target();
    const bucket = await freshBucket(t);
    const r = await ingest(`s3://${bucket}/site`, ['--endpoint', t.endpoint], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/STORAGE_AUTH: .*credentials/i);
    expect(r.stderr).toContain(`s3://${bucket}/site cannot be written`); // which of the desk's two stores
    expect(r.stderr).toContain('AWS_ACCESS_KEY_ID');
  });

  it('no region (library use): STORAGE_CONFIG', async () => {
    const region = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      const s = createS3Storage({ bucket: 'newsroom-photos', clientConfig: { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET } } });
      const e = await s.head('x.jpg').catch((err: unknown) => err);
      expect(e).toMatchObject({ code: 'STORAGE_CONFIG' });
      expect((e as Error).message).toMatch(/region/i);
      expect((e as Error).message).not.toContain(SECRET);
    } finally {
      if (region !== undefined) process.env.AWS_REGION = region;
    }
  });

  it('an output folder that cannot be made: its own code and the errno, not "unavailable, run again"', async () => {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    rmSync(path.join(dir, 'private-x'), { recursive: true, force: true });
    const r = await ingest(path.join(file, 'out'), [], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/STORAGE_CONFIG: .*ENOTDIR/);
    expect(r.stderr).not.toContain('STORAGE_UNAVAILABLE');
  });
});
