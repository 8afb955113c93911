import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { thumbHashToRGBA } from 'thumbhash';
import { beforeAll, describe, expect, it } from 'vitest';
import { byteStepWidths, makePlaceholder, PhotodeskError, planRenditions, readMetadata, renderRenditions, type Rendition, type RenditionOptions } from '../../src/index.js';
import { readTags, writeTags } from '../helpers/exiftool.js';
import { makeJpeg, pngBomb, put } from '../helpers/fixtures.js';
import { CORPUS, outputDir } from '../helpers/paths.js';

const dir = outputDir('renditions');
const SHARP = CORPUS ? path.join(CORPUS, 'sharp', 'test', 'fixtures') : '';

async function render(file: string, options: RenditionOptions = {}): Promise<Rendition[]> {
  return renderRenditions(file, planRenditions(await readMetadata(file), options));
}

/** Mean absolute difference of two images' pixels, after resizing both to 64x48 RGB. */
async function difference(a: Buffer, b: Buffer): Promise<number> {
  const px = async (x: Buffer) => sharp(x).resize(64, 48, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const [pa, pb] = await Promise.all([px(a), px(b)]);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += Math.abs(pa[i]! - pb[i]!);
  return sum / pa.length;
}

beforeAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!CORPUS)('correct pixels, on the sharp fixtures of ../shared/corpus', () => {
  for (const kind of ['Landscape', 'Portrait']) {
    it(`brings all eight EXIF orientations upright (${kind}_1..8)`, async () => {
      const reference = (await render(path.join(SHARP, `${kind}_1.jpg`), { widths: [320], formats: ['jpeg'] }))[0]!;
      expect([reference.width, reference.height]).toEqual(kind === 'Landscape' ? [320, 240] : [320, 427]);
      for (let n = 2; n <= 8; n++) {
        const [r] = await render(path.join(SHARP, `${kind}_${n}.jpg`), { widths: [320], formats: ['jpeg'] });
        expect([r!.width, r!.height], `${kind}_${n}`).toEqual([reference.width, reference.height]);
        const meta = await sharp(r!.body).metadata();
        expect(meta.orientation ?? 1, `${kind}_${n} carries no orientation tag`).toBe(1);
        // The same picture as the upright original: a wrong rotation or mirror differs by far more.
        expect(await difference(r!.body, reference.body), `${kind}_${n}`).toBeLessThan(8);
      }
    });
  }

  it('converts CMYK (with and without a profile) to sRGB', async () => {
    for (const f of ['Channel_digital_image_CMYK_color.jpg', 'Channel_digital_image_CMYK_color_no_profile.jpg']) {
      const out = await render(path.join(SHARP, f), { widths: [320] });
      for (const r of out) {
        const m = await sharp(r.body).metadata();
        expect([m.space, m.channels], `${f} ${r.format}`).toEqual(['srgb', 3]);
      }
      const [avif, , jpeg] = out;
      expect(await difference(avif!.body, jpeg!.body)).toBeLessThan(6);
    }
    // CMYK shown as sRGB without conversion would be a negative-like mess: compare with the profile-converted one.
    const a = (await render(path.join(SHARP, 'Channel_digital_image_CMYK_color.jpg'), { widths: [320], formats: ['jpeg'] }))[0]!;
    const b = (await render(path.join(SHARP, 'Channel_digital_image_CMYK_color_no_profile.jpg'), { widths: [320], formats: ['jpeg'] }))[0]!;
    expect(await difference(a.body, b.body)).toBeLessThan(20);
  });

  it('converts wide gamut (Display P3, ProPhoto) to sRGB, or keeps P3 with its profile when asked', async () => {
    for (const f of ['p3.png', 'prophoto.png']) {
      const src = path.join(SHARP, f);
      const [r] = await render(src, { widths: [320], formats: ['webp'] });
      expect((await sharp(r!.body).metadata()).space).toBe('srgb');
      const size = { width: r!.width, height: r!.height, fit: 'fill' as const };
      // The same numbers read as if they were sRGB (the profile ignored) look different: so they were converted.
      const naive = await sharp(src, { ignoreIcc: true }).resize(size).removeAlpha().png().toBuffer();
      const managed = await sharp(src).resize(size).removeAlpha().toColourspace('srgb').png().toBuffer();
      const vsNaive = await difference(r!.body, naive);
      const vsManaged = await difference(r!.body, managed);
      expect(vsNaive, f).toBeGreaterThan(vsManaged + 2);
    }
    const [kept] = await render(path.join(SHARP, 'p3.png'), { formats: ['jpeg'], keepP3: true });
    expect(String(readTags(put(path.join(dir, 'kept-p3.jpg'), kept!.body))['ICC_Profile:ProfileDescription'])).toMatch(/P3/);
    const [plain] = await render(path.join(SHARP, 'p3.png'), { formats: ['jpeg'] });
    expect(readTags(put(path.join(dir, 'p3-as-srgb.jpg'), plain!.body))['ICC_Profile:ProfileDescription']).toBeUndefined();
  });

  it('makes 16-bit input 8-bit', async () => {
    for (const f of ['Flag_of_the_Netherlands-16bit.png', 'tbgn2c16.png']) {
      for (const r of await render(path.join(SHARP, f), { widths: [320] })) expect((await sharp(r.body).metadata()).depth, `${f} ${r.format}`).toBe('uchar');
    }
  });

  it('keeps alpha in AVIF and WebP and flattens it on the background for JPEG', async () => {
    for (const f of ['with-alpha.png', 'grey-8bit-alpha.png', '16-bit-grey-alpha.png']) {
      const byFormat = Object.fromEntries((await render(path.join(SHARP, f), { widths: [320] })).map((r) => [r.format, r]));
      expect((await sharp(byFormat.avif!.body).metadata()).hasAlpha, f).toBe(true);
      expect((await sharp(byFormat.webp!.body).metadata()).hasAlpha, f).toBe(true);
      expect((await sharp(byFormat.jpeg!.body).metadata()).hasAlpha, f).toBe(false);
    }
  });

  it('renders the first frame of an animation, or refuses it when configured', async () => {
    const out = await render(path.join(SHARP, 'animated-loop-3.gif'));
    for (const r of out) expect((await sharp(r.body).metadata()).pages ?? 1).toBe(1);
    await expect(render(path.join(SHARP, 'animated-loop-3.webp'), { animated: 'refuse' })).rejects.toMatchObject({ code: 'UNSUPPORTED_TYPE' });
  });

  it('refuses the corpus truncated JPEG as CORRUPT_IMAGE', async () => {
    await expect(render(path.join(SHARP, 'truncated.jpg'))).rejects.toMatchObject({ code: 'CORRUPT_IMAGE' });
  });
});

describe('renditions of generated photos', () => {
  let photo: string;
  beforeAll(async () => {
    photo = await makeJpeg(path.join(dir, 'photo.jpg'), 2400, 1600);
  });

  it('makes the width ladder in every format, never upscaled, with deterministic names', async () => {
    const meta = await readMetadata(photo);
    const plan = planRenditions(meta);
    expect(plan.variants.map((v) => `${v.width}.${v.format}`)).toEqual([320, 640, 960, 1280, 1920].flatMap((w) => [`${w}.avif`, `${w}.webp`, `${w}.jpeg`]));
    expect(plan.variants[0]!.name).toBe(`${meta.sha256!.slice(0, 12)}-320.avif`);
    expect(planRenditions(meta).variants.map((v) => v.name)).toEqual(plan.variants.map((v) => v.name));
    const out = await renderRenditions(photo, plan);
    for (const r of out) {
      const m = await sharp(r.body).metadata();
      expect([m.format === 'heif' ? 'avif' : m.format, m.width, m.height]).toEqual([r.format, r.width, Math.round((r.width * 1600) / 2400)]);
    }
    const small = await makeJpeg(path.join(dir, 'small.jpg'), 500, 300);
    const smallPlan = planRenditions(await readMetadata(small), { formats: ['webp'] });
    expect(smallPlan.variants.map((v) => v.width)).toEqual([320, 500]);
  });

  it('chooses widths by bytes: consecutive renditions differ by at least the step, the top width is kept', async () => {
    const widths = await byteStepWidths(photo, { stepKB: 20, minWidth: 320, maxWidth: 1920 });
    expect(widths[0]).toBe(320);
    expect(widths.at(-1)).toBe(1920);
    expect(widths.length).toBeGreaterThan(2);
    expect(widths.length).toBeLessThanOrEqual(8);
    const out = await render(photo, { widths, formats: ['jpeg'] });
    const sizes = out.sort((a, b) => a.width - b.width).map((r) => r.bytes);
    for (let i = 1; i < sizes.length - 1; i++) expect(sizes[i]! - sizes[i - 1]!).toBeGreaterThanOrEqual(20 * 1024 * 0.9);
    const coarse = await byteStepWidths(photo, { stepKB: 10_000 });
    expect(coarse).toEqual([320, 1920]); // a step larger than the whole range keeps just the ends
    const few = await byteStepWidths(photo, { stepKB: 1, maxCount: 3 });
    expect(few).toHaveLength(3);
  });

  it('crops to named aspect ratios around a focal point', async () => {
    // Left half red, right half blue: a focal point on the left must give a red square.
    const w = 1200;
    const h = 600;
    const raw = Buffer.alloc(w * h * 3);
    for (let i = 0; i < w * h; i++) raw[i * 3 + ((i % w) < w / 2 ? 0 : 2)] = 255;
    const file = put(path.join(dir, 'halves.jpg'), await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg().toBuffer());
    const out = await render(file, { widths: [300], formats: ['jpeg'], crops: [{ name: '1:1', aspect: [1, 1] }, { name: '16:9', aspect: [16, 9] }], position: { x: 0.1, y: 0.5 } });
    const square = out.find((r) => r.crop === '1:1')!;
    expect([square.width, square.height]).toEqual([300, 300]);
    expect(square.name).toMatch(/-300-1x1\.jpg$/);
    const { dominant } = await sharp(square.body).stats();
    expect(dominant.r).toBeGreaterThan(200);
    expect(dominant.b).toBeLessThan(60);
    const wide = out.find((r) => r.crop === '16:9')!;
    expect([wide.width, wide.height]).toEqual([300, 169]);
    expect(out.find((r) => r.crop === null)!.height).toBe(150);
  });

  it('strips GPS, serial numbers and thumbnails, and keeps credit, creator and copyright (read back with ExifTool)', async () => {
    const file = await makeJpeg(path.join(dir, 'gps.jpg'), 1000, 700);
    const thumb = await makeJpeg(path.join(dir, 'thumb.jpg'), 160, 120);
    writeTags(file, {
      'EXIF:GPSLatitude': '53.9',
      'EXIF:GPSLatitudeRef': 'N',
      'EXIF:GPSLongitude': '27.56',
      'EXIF:GPSLongitudeRef': 'E',
      'EXIF:SerialNumber': 'SN-0123456789',
      'EXIF:Make': 'Canon',
      'XMP-aux:SerialNumber': 'SN-0123456789',
      'IPTC:Credit': 'Russian Defence Ministry',
      'IPTC:By-line': 'Вадим Савицкий',
      'IPTC:CopyrightNotice': '© 2024 Russian Defence Ministry',
      'IPTC:Caption-Abstract': 'A private caption not configured for output',
    }, ['-IPTC:CodedCharacterSet=UTF8', `-ThumbnailImage<=${thumb}`]);
    const before = readTags(file);
    expect(before['GPS:GPSLatitude']).toBeDefined();
    expect(before['IFD1:ThumbnailLength']).toBeDefined();
    const out = await render(file, { widths: [320, 640] });
    expect(out).toHaveLength(6);
    for (const r of out) {
      const tags = readTags(put(path.join(dir, `out-${r.name}`), r.body));
      const keys = Object.keys(tags).join(' ');
      expect(keys, r.name).not.toMatch(/GPS/);
      expect(JSON.stringify(tags), r.name).not.toContain('SN-0123456789');
      expect(keys, r.name).not.toMatch(/Thumbnail|IFD1:|MakerNote|Canon/);
      expect(tags['XMP-photoshop:Credit'], r.name).toBe('Russian Defence Ministry');
      expect(tags['XMP-dc:Creator'], r.name).toBe('Вадим Савицкий');
      expect(tags['XMP-dc:Rights'], r.name).toBe('© 2024 Russian Defence Ministry');
      // EXIF's ASCII fields cannot hold "©" or Cyrillic: left out, never transliterated (MWG readers take EXIF
      // first and would show the ASCII form); XMP keeps the exact text. The pixels are sRGB and say so.
      expect(tags['IFD0:Copyright'], r.name).toBeUndefined();
      expect(tags['IFD0:Artist'], r.name).toBeUndefined();
      if (tags['ExifIFD:ColorSpace'] !== undefined) expect(tags['ExifIFD:ColorSpace'], r.name).toBe(1);
      expect(tags['XMP-dc:Description'], r.name).toBeUndefined();
    }
    const withCaption = await render(file, { widths: [320], formats: ['jpeg'], metadata: { caption: true } });
    expect(readTags(put(path.join(dir, 'caption.jpg'), withCaption[0]!.body))['XMP-dc:Description']).toBe('A private caption not configured for output');
  });

  it('flattens transparency onto the configured background for JPEG only', async () => {
    // Left half fully transparent, right half opaque green.
    const w = 400;
    const h = 200;
    const raw = Buffer.alloc(w * h * 4);
    for (let i = 0; i < w * h; i++) if (i % w >= w / 2) raw.set([0, 200, 0, 255], i * 4);
    const file = put(path.join(dir, 'half-transparent.png'), await sharp(raw, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer());
    const out = Object.fromEntries((await render(file, { widths: [200], background: '#ff0000' })).map((r) => [r.format, r]));
    const pixel = async (b: Buffer, x: number, y: number) => {
      const { data, info } = await sharp(b).raw().toBuffer({ resolveWithObject: true });
      return [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x + 1) * info.channels)];
    };
    const jl = await pixel(out.jpeg!.body, 10, 50);
    expect(jl[0]).toBeGreaterThan(230);
    expect(jl[1]).toBeLessThan(30);
    const jr = await pixel(out.jpeg!.body, 190, 50);
    expect(jr[1]).toBeGreaterThan(170);
    expect((await pixel(out.webp!.body, 10, 50))[3]).toBe(0);
    expect((await pixel(out.avif!.body, 10, 50))[3]).toBeLessThan(5);
  });

  it('refuses a JPEG truncated mid-scan as CORRUPT_IMAGE, and renders it when configured to', async () => {
    const whole = readFileSync(await makeJpeg(path.join(dir, 'to-cut.jpg'), 800, 600));
    const cut = put(path.join(dir, 'cut.jpg'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    const err = await render(cut, { widths: [320], formats: ['jpeg'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PhotodeskError);
    expect(err).toMatchObject({ code: 'CORRUPT_IMAGE', file: cut });
    const lenient = await render(cut, { widths: [320], formats: ['jpeg'], failOn: 'none' });
    expect(lenient).toHaveLength(1);
  });

  it('enforces the pixel limit before decoding', async () => {
    const bomb = put(path.join(dir, 'bomb.png'), pngBomb(30000, 30000));
    const plan = { ...planRenditions({ ...(await readMetadata(photo)) }), sourceWidth: 30000, sourceHeight: 30000 };
    await expect(renderRenditions(bomb, plan)).rejects.toMatchObject({ code: 'PIXEL_LIMIT_EXCEEDED' });
  });

  it('makes a thumbhash, blurhash or LQIP placeholder and the dominant colour from the smallest rendition', async () => {
    const out = await render(photo, { widths: [320, 640] });
    const th = await makePlaceholder(out);
    expect(th.kind).toBe('thumbhash');
    const decoded = thumbHashToRGBA(Buffer.from(th.value, 'base64'));
    expect(decoded.w).toBeGreaterThan(10);
    expect(th.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
    const bh = await makePlaceholder(out, 'blurhash');
    expect(bh.value).toMatch(/^[0-9A-Za-z#$%*+,-.:;=?@[\]^_{|}~]{20,}$/);
    const lqip = await makePlaceholder(out, 'lqip');
    expect(lqip.value).toMatch(/^data:image\/webp;base64,/);
    expect((await sharp(Buffer.from(lqip.value.split(',')[1]!, 'base64')).metadata()).width).toBe(16);
  });
});

if (!CORPUS) {
  describe('renditions of the shared corpus', () => {
    it('needs ../shared/corpus', () => {
      console.warn('SKIPPED: ../shared/corpus is absent; the orientation, CMYK, P3, 16-bit and alpha checks did NOT run.');
    });
  });
}
