#!/usr/bin/env node
// Makes examples/photos: a handful of sample photos with realistic captions and credits, so the quick start
// works offline. Pixels are generated (gradients, shapes and grain); metadata (IPTC-IIM with 1:90 UTF-8, and
// XMP) is written by this script, not copied from anywhere.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'photos');

const PHOTOS = [
  {
    file: 'shoigu-belarus-visit.jpg',
    size: [1920, 1280],
    hue: [40, 70, 110],
    credit: 'Russian Defense Ministry',
    byline: 'HANDOUT',
    caption: "Russian Defense Minister S. Shoigu's visit to Belarus. The minister met his Belarusian counterpart in Minsk.",
    headline: 'Shoigu visits Belarus',
    city: 'Minsk',
    country: 'Belarus',
    date: '20230412',
    instructions: 'EDITORIAL USE ONLY. NO SALES.',
  },
  {
    file: 'минобороны-учения.jpg',
    size: [2048, 1365],
    hue: [90, 100, 60],
    credit: 'Минобороны России',
    byline: 'Вадим Савицкий',
    caption: 'Военнослужащие во время учений на полигоне в Ленинградской области',
    headline: 'Учения в Ленинградской области',
    city: 'Луга',
    country: 'Россия',
    date: '20230901',
  },
  {
    file: 'reuters-harbour.jpg',
    size: [1600, 1067],
    hue: [20, 90, 160],
    credit: 'Copyright (c) Reuters',
    byline: 'Jane Smith',
    caption: 'Container ships wait outside the harbour of Durban, South Africa, May 2, 2024. REUTERS/Jane Smith',
    headline: 'Ships queue at Durban',
    city: 'Durban',
    country: 'South Africa',
    date: '20240502',
  },
  {
    file: 'press-conference.jpg',
    size: [1200, 800],
    hue: [140, 60, 60],
    credit: 'Sputnik',
    byline: 'Ivan Petrov',
    caption: 'Press conference in Moscow.',
    headline: 'Press conference',
    date: '20240110',
  },
];

mkdirSync(OUT, { recursive: true });
for (const p of PHOTOS) {
  const [w, h] = p.size;
  const raw = Buffer.alloc(w * h * 3);
  let seed = p.file.length * 7919;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const sky = y < h * 0.55;
      const ridge = Math.sin(x / 90) * 40 + Math.sin(x / 23) * 12;
      const g = (rnd() - 0.5) * 18;
      const t = sky ? y / (h * 0.55) : (y - h * 0.55) / (h * 0.45);
      for (let c = 0; c < 3; c++) raw[i + c] = Math.max(0, Math.min(255, (sky ? 190 - t * 60 + c * 15 : p.hue[c] + t * 40 + (y < h * 0.55 + ridge ? 30 : 0)) + g));
    }
  }
  const jpeg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
  writeFileSync(path.join(OUT, p.file), Buffer.concat([jpeg.subarray(0, 2), app1Xmp(p), app13(iim(p)), jpeg.subarray(2)]));
  console.log(`wrote examples/photos/${p.file}`);
}

function iim(p) {
  const ds = [[1, 90, Buffer.from('\x1b%G', 'latin1')], [2, 0, Buffer.from([0, 4])], [2, 110, p.credit], [2, 80, p.byline], [2, 120, p.caption], [2, 105, p.headline], [2, 55, p.date]];
  if (p.city) ds.push([2, 90, p.city]);
  if (p.country) ds.push([2, 101, p.country]);
  if (p.instructions) ds.push([2, 40, p.instructions]);
  return Buffer.concat(ds.map(([r, d, v]) => {
    let value = Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8');
    const limit = { 110: 32, 80: 32, 105: 256, 90: 32, 101: 64 }[d];
    if (limit && value.length > limit) value = value.subarray(0, limit); // as IIM writers do; XMP keeps it all
    const head = Buffer.from([0x1c, r, d, 0, 0]);
    head.writeUInt16BE(value.length, 3);
    return Buffer.concat([head, value]);
  }));
}

function app13(block) {
  const res = Buffer.alloc(12);
  res.write('8BIM', 0, 'latin1');
  res.writeUInt16BE(0x0404, 4);
  res.writeUInt32BE(block.length, 8);
  const payload = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), res, block, block.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
  return segment(0xed, payload);
}

function app1Xmp(p) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const date = `${p.date.slice(0, 4)}-${p.date.slice(4, 6)}-${p.date.slice(6, 8)}`;
  const xml = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"><photoshop:Credit>${esc(p.credit)}</photoshop:Credit><photoshop:Headline>${esc(p.headline)}</photoshop:Headline><photoshop:DateCreated>${date}</photoshop:DateCreated><dc:creator><rdf:Seq><rdf:li>${esc(p.byline)}</rdf:li></rdf:Seq></dc:creator><dc:description><rdf:Alt><rdf:li xml:lang="x-default">${esc(p.caption)}</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  return segment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xml, 'utf8')]));
}

function segment(marker, payload) {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}
