import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/cli.js';
import { exiftool } from '../helpers/exiftool.js';
import { makeJpeg } from '../helpers/fixtures.js';
import { outputDir, ROOT } from '../helpers/paths.js';

/* Ctrl-C and SIGTERM: say what happens, count it right, leave nothing half-done. */
const dir = outputDir('cli-signals');
const config = path.join(ROOT, 'photodesk.config.json');

/** Runs a child until `ready` matches its stderr/stdout, sends `signal`, and returns its exit code and output. */
function interrupt(args: string[], ready: RegExp, signal: NodeJS.Signals, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const check = () => {
      if (!sent && ready.test(stdout + stderr)) {
        sent = true;
        child.kill(signal);
      }
    };
    child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), check()));
    child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), check()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    setTimeout(() => child.kill('SIGKILL'), 120_000).unref();
  });
}

describe('signals', () => {
  it('Ctrl-C during ingest: says what happens, counts the photos in flight as stopped, and the same command resumes', async () => {
    const folder = path.join(dir, 'photos');
    rmSync(dir, { recursive: true, force: true });
    // Enough photos (16, one at a time) that the signal lands mid-run, each small (900 x 600, the least the rules
    // accept: few renditions) so the test stays far inside its time limit on a loaded 2-core machine; ExifTool
    // runs once for all of them.
    const files: string[] = [];
    for (let i = 0; i < 16; i++) files.push(await makeJpeg(path.join(folder, `p${String(i).padStart(2, '0')}.jpg`), 900 + i * 8, 600));
    exiftool(['-overwrite_original', '-IPTC:Credit=Reuters', '-IPTC:Caption-Abstract=A photo of a folder that is interrupted half-way', ...files]);
    const common = [folder, '--to', path.join(dir, 'out'), '--private', path.join(dir, 'private'), '--config', config, '--journal', path.join(dir, 'journal.jsonl'), '--concurrency', '1'];
    // CI=true: picocolors would colour its output; plain progress lines (stderr not a terminal) must stay plain.
    const r = await interrupt([path.join(ROOT, 'bin', 'photodesk.js'), 'ingest', ...common], /^published /m, 'SIGINT', { CI: 'true' });
    expect(r.stderr).not.toContain('\u001b');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stopping: no new photos; those in flight stop before their pointer moves and count as stopped/);
    expect(r.stdout).toMatch(/^published: ([1-9]|1[0-5]), skipped: 0, rejected: 0, failed: 0(, stopped: 1)?, \(stopped early: run the same command again to resume\)/m);
    const journal = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: string });
    expect(journal.every((e) => e.status === 'published')).toBe(true); // no "failed" line for the stopped photo
    const again = await runCliAsync(['ingest', ...common]);
    expect(again.code).toBe(0);
    const [, published, skipped] = /^published: (\d+), skipped: (\d+)/m.exec(again.stdout)!.map(Number) as [number, number, number];
    expect(published + skipped).toBe(16);
    expect(skipped).toBe(journal.length);
  });

  it('the backend example closes on SIGTERM and exits 0', async () => {
    const r = await interrupt([path.join(ROOT, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs'), path.join(ROOT, 'examples', 'publishing-backend.ts')], /publishing backend on http/, 'SIGTERM', { PORT: '0' });
    expect(r.stdout).toContain('publishing backend: SIGTERM, closing');
    expect(r.code).toBe(0);
  });
});
