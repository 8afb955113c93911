import type { ValidationResult } from './types.js';
import { escapeXml } from '../util/xml.js';
import { loadSharp } from '../util/load-sharp.js';

/**
 * A self-contained HTML contact sheet: one card per photo with its thumbnail (inlined as a data URI), the
 * caption, the credit line as it will print, and the findings highlighted by severity. Thumbnails are the one
 * place validation decodes pixels; they are made one at a time to keep memory flat.
 */
export async function htmlCard(r: ValidationResult, source: string | Buffer | null): Promise<string> {
  const thumb = source && !r.error ? await thumbnail(source) : null;
  const findings = r.findings
    .map((f) => `<li class="${f.severity}"><b>${f.severity}</b> ${escapeXml(f.message)} <code>${escapeXml(f.rule)}</code>${f.fix ? `<div class="fix">${escapeXml(JSON.stringify(f.fix.before))} &rarr; ${escapeXml(JSON.stringify(f.fix.after))}</div>` : ''}</li>`)
    .join('');
  const img = thumb ? `<img src="data:image/jpeg;base64,${thumb.data.toString('base64')}" width="${thumb.width}" height="${thumb.height}" alt="${escapeXml(r.altText ?? '')}">` : `<div class="noimg">${escapeXml(r.error?.code ?? 'no preview')}</div>`;
  return `<article class="card ${r.verdict}" data-verdict="${r.verdict}">
<div class="thumb">${img}</div>
<div class="body"><h2>${escapeXml(r.file)}</h2><span class="verdict">${r.verdict.toUpperCase()}</span>
<p class="caption">${escapeXml(r.fixed?.caption ?? r.error?.message ?? '')}</p>
<p class="credit">${escapeXml(r.creditLine ?? '(no credit)')}</p>
<ul>${findings}</ul></div></article>\n`;
}

/**
 * A card of the same look for a published photo (search results): its public thumbnail by URL, a title, the
 * caption, the credit line and a few facts.
 */
export function htmlLinkCard(c: { title: string; href: string | null; imageUrl: string | null; alt: string; verdict: string; caption: string | null; credit: string | null; facts: string[] }): string {
  const img = c.imageUrl ? `<img src="${escapeXml(c.imageUrl)}" alt="${escapeXml(c.alt)}" loading="lazy">` : `<div class="noimg">no preview</div>`;
  const title = c.href ? `<a href="${escapeXml(c.href)}">${escapeXml(c.title)}</a>` : escapeXml(c.title);
  return `<article class="card ${escapeXml(c.verdict)}" data-verdict="${escapeXml(c.verdict)}">
<div class="thumb">${img}</div>
<div class="body"><h2>${title}</h2><span class="verdict">${escapeXml(c.verdict.toUpperCase())}</span>
<p class="caption">${escapeXml(c.caption ?? '')}</p>
<p class="credit">${escapeXml(c.credit ?? '(no credit)')}</p>
<ul>${c.facts.map((f) => `<li class="info">${escapeXml(f)}</li>`).join('')}</ul></div></article>\n`;
}

export function htmlHead(title: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeXml(title)}</title><style>
body{font:14px/1.4 system-ui,sans-serif;margin:1rem;background:#f4f4f4;color:#222}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:1rem}
.card{display:flex;gap:.8rem;background:#fff;border-radius:6px;padding:.8rem;border-left:6px solid #3a3}
.card.warn{border-color:#e9a400}.card.fail{border-color:#d22}
.thumb{flex:0 0 240px;text-align:center}.thumb img{max-width:240px;height:auto}
.noimg{width:240px;height:160px;display:grid;place-items:center;background:#ddd;color:#555}
h2{font-size:13px;margin:0;word-break:break-all}.verdict{font-weight:bold}
.credit{font-style:italic}.caption{margin:.3rem 0}
ul{padding-left:1rem;margin:.3rem 0}li.error{color:#b00}li.warning{color:#8a6100}li.info{color:#666}
.fix{color:#264;font-size:12px}code{font-size:11px;color:#888}
</style></head><body><h1>${escapeXml(title)}</h1><main>\n`;
}

export function htmlTail(summary: string): string {
  return `</main><footer><p>${escapeXml(summary)}</p></footer></body></html>\n`;
}

async function thumbnail(source: string | Buffer): Promise<{ data: Buffer; width: number; height: number } | null> {
  try {
    const sharp = await loadSharp();
    const { data, info } = await sharp(source, { failOn: 'none' }).rotate().resize(240, 240, { fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).jpeg({ quality: 70 }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    return null;
  }
}
