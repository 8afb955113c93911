import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imgMarkup, makePlaceholder, pictureMarkup, planRenditions, readMetadata, renderRenditions, type Rendition } from '../../src/index.js';
import { launchChromium } from '../helpers/browser.js';
import { makeJpeg } from '../helpers/fixtures.js';
import { outputDir } from '../helpers/paths.js';

const dir = outputDir('markup');

describe('<picture> markup', () => {
  let renditions: Rendition[];
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: string;
  /** Requests for images are held until released, so the layout can be checked before they load. */
  let hold: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    const file = await makeJpeg(path.join(dir, 'photo.jpg'), 2400, 1600);
    renditions = await renderRenditions(file, planRenditions(await readMetadata(file)));
    const byName = new Map(renditions.map((r) => [`/img/${r.name}`, r]));
    const placeholder = await makePlaceholder(renditions);
    page = `<!doctype html><html><head><meta name="viewport" content="width=device-width,initial-scale=1"><style>body{margin:0} img{max-width:100%;height:auto;display:block}</style></head><body>
${pictureMarkup(renditions, { alt: 'Russian Defense Minister S. Shoigu\'s visit to Belarus - Sputnik Africa', sizes: '100vw', urlOf: (r) => `/img/${r.name}`, loading: 'eager', attributes: { style: `background:${placeholder.dominantColor}` } })}
</body></html>`;
    server = createServer(async (req, res) => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page);
        return;
      }
      const r = byName.get(req.url ?? '');
      if (!r) {
        res.writeHead(404).end();
        return;
      }
      await hold;
      res.writeHead(200, { 'content-type': r.contentType, 'cache-control': 'no-store' });
      res.end(r.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => server?.close(() => r()));
  });

  it('writes typed sources in order, an <img> fallback with its size, lazy loading and alt text', () => {
    const html = pictureMarkup(renditions, { alt: 'A "quoted" <caption>' });
    const lines = html.split('\n');
    expect(lines[0]).toBe('<picture>');
    expect(lines[1]).toMatch(/^ {2}<source type="image\/avif" srcset="\S+-320\.avif 320w, .*-1920\.avif 1920w" sizes="100vw">$/);
    expect(lines[2]).toMatch(/^ {2}<source type="image\/webp" /);
    expect(lines[3]).toMatch(/^ {2}<img src="\S+-1280\.jpg" srcset="\S+-320\.jpg 320w, .* 1920w" sizes="100vw" width="1920" height="1280" alt="A &quot;quoted&quot; &lt;caption&gt;" loading="lazy" decoding="async">$/);
    expect(lines[4]).toBe('</picture>');
    expect(imgMarkup(renditions, { alt: 'x', format: 'webp', sizes: '(max-width: 600px) 100vw, 50vw' })).toMatch(/^<img src="\S+\.webp" srcset=".*" sizes="\(max-width: 600px\) 100vw, 50vw" width="1920" height="1280"/);
  });

  const viewports = [
    { width: 375, height: 812, dpr: 2, expected: 960 },
    { width: 768, height: 1024, dpr: 1, expected: 960 },
    { width: 1440, height: 900, dpr: 1, expected: 1920 },
  ];
  for (const v of viewports) {
    it(`in Chromium at ${v.width} px and ${v.dpr}x: picks AVIF at ${v.expected} w, sized before it loads`, async () => {
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      const context = await browser.newContext({ viewport: { width: v.width, height: v.height }, deviceScaleFactor: v.dpr });
      const tab = await context.newPage();
      await tab.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
      // The image is still on its way: its box already has the final size (width/height give the ratio).
      const before = await tab.$eval('img', (img) => ({ complete: (img as unknown as { complete: boolean }).complete, w: img.getBoundingClientRect().width, h: img.getBoundingClientRect().height }));
      expect(before.complete).toBe(false);
      expect(before.w).toBe(v.width);
      expect(before.h).toBeCloseTo((v.width * 1280) / 1920, 0);
      release();
      await tab.waitForFunction("document.querySelector('img').complete && document.querySelector('img').naturalWidth > 0");
      const after = await tab.$eval('img', (img) => ({ src: (img as unknown as { currentSrc: string }).currentSrc, natural: (img as unknown as { naturalWidth: number }).naturalWidth, h: img.getBoundingClientRect().height }));
      expect(after.src).toMatch(new RegExp(`-${v.expected}\\.avif$`));
      // With w descriptors the browser reports the density-corrected size: the slot width.
      expect(after.natural).toBe(v.width);
      expect(after.h).toBeCloseTo(before.h, 0); // no layout shift
      await tab.screenshot({ path: path.join(dir, `picture-${v.width}@${v.dpr}x.png`) });
      await context.close();
    });
  }
});
