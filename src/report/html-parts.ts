/** Small HTML building blocks of the report; every text goes through `esc`. */

export function esc(text: string | number | undefined): string {
  if (text === undefined) return '';
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A headline figure; `data-figure` names the JSON path it shows (the browser test compares them). */
export function figure(label: string, value: number | string, path: string, tone = ''): string {
  return `<div class="fig ${tone}"><div class="v" data-figure="${esc(path)}">${esc(typeof value === 'number' ? value.toLocaleString('en-US') : value)}</div><div class="l">${esc(label)}</div></div>`;
}

export function table(headers: string[], rows: string[][], className = ''): string {
  const head = `<thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  if (rows.length === 0) return `<p class="none">None.</p>`;
  return `<table class="${className}">${head}<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** "Showing 20 of 31; the JSON form lists all." when a list was cut. */
export function cutNote(shown: number, total: number, where = 'the JSON form lists all'): string {
  return shown < total ? `<p class="note">Showing ${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}; ${esc(where)}.</p>` : '';
}

export function time(iso: string | undefined): string {
  return iso === undefined ? '' : `<time>${esc(iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'))}</time>`;
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = s / 60;
  if (m < 120) return `${m.toFixed(1)} min`;
  return `${(m / 60).toFixed(1)} h`;
}

export const DECISION_COLORS = { allow: '#2e7d32', deny: '#c62828', hold: '#ef6c00', dry_run_allow: '#1565c0' } as const;

/** Stacked bars per day; one `<title>` per bar so a hover shows the figures without script. */
export function dayChart(days: Array<{ day: string; allow: number; deny: number; hold: number; dry_run_allow: number }>): string {
  if (days.length === 0) return '<p class="none">No decisions in the period.</p>';
  const keys = ['allow', 'deny', 'hold', 'dry_run_allow'] as const;
  const max = Math.max(...days.map((d) => keys.reduce((n, k) => n + d[k], 0)), 1);
  // Wide bars for a short period, thin ones for a long one; the chart stays about 900 units wide.
  const barW = Math.max(3, Math.min(48, Math.floor(900 / days.length) - 4));
  const gap = barW >= 10 ? 4 : 1;
  const h = 160;
  const width = days.length * (barW + gap) + 40;
  const bars = days.map((d, i) => {
    const x = 40 + i * (barW + gap);
    let y = h;
    const parts = keys.map((k) => {
      const bh = (d[k] / max) * (h - 10);
      y -= bh;
      return bh > 0 ? `<rect x="${x}" y="${y.toFixed(1)}" width="${barW}" height="${bh.toFixed(1)}" fill="${DECISION_COLORS[k]}"/>` : '';
    }).join('');
    const total = keys.reduce((n, k) => n + d[k], 0);
    const label = days.length <= 31 || i % Math.ceil(days.length / 31) === 0
      ? `<text x="${x + barW / 2}" y="${h + 12}" font-size="8" text-anchor="end" transform="rotate(-45 ${x + barW / 2} ${h + 12})">${esc(d.day.slice(5))}</text>` : '';
    return `<g><title>${esc(d.day)}: ${total} (allow ${d.allow}, deny ${d.deny}, hold ${d.hold}, dry-run ${d.dry_run_allow})</title>${parts}${label}</g>`;
  }).join('');
  const axis = `<line x1="38" y1="${h}" x2="${width}" y2="${h}" stroke="#999"/><text x="34" y="14" font-size="9" text-anchor="end">${max}</text><text x="34" y="${h}" font-size="9" text-anchor="end">0</text>`;
  return `<svg class="chart" role="img" aria-label="Decisions per day" viewBox="0 0 ${width} ${h + 40}" width="${Math.min(width, 1000)}" xmlns="http://www.w3.org/2000/svg">${axis}${bars}</svg>` + legend();
}

function legend(): string {
  const names = { allow: 'allow', deny: 'deny', hold: 'hold', dry_run_allow: 'dry-run allow' } as const;
  return `<p class="legend">${Object.entries(names).map(([k, n]) => `<span><i style="background:${DECISION_COLORS[k as keyof typeof DECISION_COLORS]}"></i>${n}</span>`).join(' ')}</p>`;
}

/** Horizontal bars for a breakdown (masked values by category). */
export function barChart(entries: Array<{ key: string; count: number }>, label: string): string {
  if (entries.length === 0) return '<p class="none">None.</p>';
  const max = Math.max(...entries.map((e) => e.count), 1);
  const row = 18;
  const h = entries.length * row + 4;
  const bars = entries.map((e, i) => {
    const w = (e.count / max) * 300;
    const y = i * row + 2;
    return `<g><title>${esc(e.key)}: ${e.count}</title><text x="118" y="${y + 12}" font-size="11" text-anchor="end">${esc(e.key)}</text>` +
      `<rect x="124" y="${y}" width="${w.toFixed(1)}" height="${row - 5}" fill="#5c6bc0"/><text x="${(128 + w).toFixed(1)}" y="${y + 12}" font-size="11">${e.count}</text></g>`;
  }).join('');
  return `<svg class="chart" role="img" aria-label="${esc(label)}" viewBox="0 0 500 ${h}" width="500" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}

/**
 * Paged table without script: each page is a block shown when it is the URL's `:target` (the
 * first one otherwise); print shows every page.
 */
export function pagedTable(id: string, headers: string[], rows: string[][], perPage = 100): string {
  if (rows.length === 0) return '<p class="none">None.</p>';
  const pages: string[] = [];
  for (let i = 0; i < rows.length; i += perPage) {
    const n = i / perPage + 1;
    pages.push(`<div class="page" id="${id}-p${n}"><p class="pageno">Page ${n} of ${Math.ceil(rows.length / perPage)} (rows ${i + 1}–${Math.min(i + perPage, rows.length)})</p>${table(headers, rows.slice(i, i + perPage))}</div>`);
  }
  const nav = pages.length > 1
    ? `<nav class="pages">Pages: ${pages.map((_, i) => `<a href="#${id}-p${i + 1}">${i + 1}</a>`).join(' ')}</nav>` : '';
  return `<div class="pager">${nav}${pages.join('')}</div>`;
}

export const REPORT_CSS = `
:root{color-scheme:light}
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b1b1b;margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #37474f;padding-bottom:4px;margin-top:32px}
h3{font-size:14px;margin:18px 0 6px}
header .meta{color:#555}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:12px}
th,td{border:1px solid #cfd8dc;padding:3px 6px;text-align:left;vertical-align:top;word-break:break-word}
th{background:#eceff1}
tbody tr:nth-child(even){background:#fafafa}
.figs{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.fig{border:1px solid #cfd8dc;border-radius:6px;padding:8px 12px;min-width:110px}
.fig .v{font-size:20px;font-weight:600}.fig .l{color:#555;font-size:11px}
.fig.bad{border-color:#c62828;background:#ffebee}.fig.bad .v{color:#c62828}
.fig.good .v{color:#2e7d32}
.failure{border:3px solid #c62828;background:#ffebee;color:#7f0000;padding:12px 16px;border-radius:6px}
.failure h2{color:#c62828;border-color:#c62828;margin-top:0}
.ok-banner{border:2px solid #2e7d32;background:#e8f5e9;color:#1b5e20;padding:8px 14px;border-radius:6px}
.exception{border-left:4px solid #c62828;padding-left:10px}
.note{color:#555;font-style:italic}.none{color:#777}
.legend span{margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
.chart{max-width:100%;height:auto}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:0 16px}
code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px}
.pager .page{display:none}
.pager .page:target{display:block}
.pager:not(:has(.page:target)) .page:first-of-type{display:block}
nav.pages a{margin:0 2px}
.pageno{color:#555;margin:4px 0}
@media print{
  body{max-width:none;padding:0;font-size:10px}
  .pager .page{display:block!important}
  nav.pages,.pageno{display:none}
  h2{break-before:page}
  #failure h2,section:first-of-type h2{break-before:auto}
  table{page-break-inside:auto}tr{break-inside:avoid}thead{display:table-header-group}
  a{color:inherit;text-decoration:none}
}
@page{size:A4;margin:14mm 12mm}
`;
