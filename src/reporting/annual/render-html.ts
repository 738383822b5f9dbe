import { createHash } from 'node:crypto';
import { type SafeHtml, html, renderDocument, trustedHtml } from '../../shared/html/html.js';
import type { Figure } from '../domain/statistics-facts.js';
import type { AnnualReport } from './annual-report.js';
import { type Table, agencyTable, monthTable } from './render.js';

interface Series {
  readonly figure: Figure;
  readonly label: string;
  readonly colour: string;
}

/** Colours that keep their contrast on white and in greyscale print, told apart by pattern of position too. */
const ACTIVITY: readonly Series[] = [
  { figure: 'inspections', label: '检查企业（家次）', colour: '#1f5fa8' },
  { figure: 'hazards', label: '排查隐患（条）', colour: '#c2571a' },
  { figure: 'partiesPenalized', label: '处罚单位（家）', colour: '#2e7d32' },
];
const PUBLICATION: readonly Series[] = [
  { figure: 'publicationsOnTime', label: '按时公示', colour: '#2e7d32' },
  { figure: 'publicationsLate', label: '逾期公示', colour: '#d59b00' },
  { figure: 'publicationsOverdue', label: '逾期未公示', colour: '#b3261e' },
];

const WIDTH = 760;
const HEIGHT = 280;
const LEFT = 48;
const RIGHT = 12;
const TOP = 16;
const BOTTOM = 56;

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((step) => step * power).find((bound) => bound >= value) ?? 10 * power);
}

function axis(max: number, plotHeight: number): SafeHtml[] {
  return [0, max / 2, max].map((tick) => {
    const y = TOP + plotHeight - (tick / max) * plotHeight;
    return html`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y}" y2="${y}" class="grid"/><text x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${Number.isInteger(tick) ? tick : tick.toFixed(1)}</text>`;
  });
}

function legend(series: readonly Series[]): SafeHtml[] {
  return series.map((s, i) => {
    const x = LEFT + i * 170;
    const y = HEIGHT - 14;
    return html`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${s.colour}"/><text x="${x + 18}" y="${y}">${s.label}</text>`;
  });
}

/** Bars side by side per month (grouped) or on top of each other (stacked), as an accessible inline SVG. */
function barChart(id: string, title: string, report: AnnualReport, series: readonly Series[], stacked: boolean): SafeHtml {
  const months = report.months;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const max = niceMax(
    Math.max(0, ...months.map((m) => (stacked ? series.reduce((sum, s) => sum + m.figures[s.figure], 0) : Math.max(...series.map((s) => m.figures[s.figure]))))),
  );
  const slot = plotWidth / Math.max(1, months.length);
  const barWidth = stacked ? slot * 0.6 : (slot * 0.8) / series.length;
  const bars = months.map((m, index) => {
    const x0 = LEFT + index * slot + (stacked ? slot * 0.2 : slot * 0.1);
    let base = TOP + plotHeight;
    const rects = series.map((s, i) => {
      const value = m.figures[s.figure];
      const height = (value / max) * plotHeight;
      const x = stacked ? x0 : x0 + i * barWidth;
      const y = stacked ? base - height : TOP + plotHeight - height;
      if (stacked) base -= height;
      return html`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${s.colour}"><title>${`${Number(m.month.slice(5))}月 ${s.label}：${value}`}</title></rect>`;
    });
    const label = html`<text x="${(LEFT + index * slot + slot / 2).toFixed(1)}" y="${TOP + plotHeight + 18}" text-anchor="middle">${Number(m.month.slice(5))}月</text>`;
    return html`${rects}${label}`;
  });
  const summary = series.map((s) => `${s.label}${months.map((m) => m.figures[s.figure]).join('、')}`).join('；');
  const description = html`<title id="${id}-title">${title}</title><desc id="${id}-desc">${`按月：${summary}`}</desc>`;
  return html`<figure><svg id="${id}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc">${description}${axis(max, plotHeight)}${bars}${legend(series)}</svg><figcaption>${title}</figcaption></figure>`;
}

function table(t: Table): SafeHtml {
  const [first, ...others] = t.headings;
  const head = html`<tr><th scope="col">${first ?? ''}</th>${others.map((h) => html`<th scope="col">${h}</th>`)}</tr>`;
  const body = t.rows.map(([label, ...cells]) => html`<tr><th scope="row">${label ?? ''}</th>${cells.map((c) => html`<td>${c}</td>`)}</tr>`);
  const note = t.note ? html`<p class="note">${t.note}</p>` : '';
  return html`<section><h2>${t.caption}</h2><div class="scroll" tabindex="0" role="region" aria-label="${t.caption}"><table><caption>${t.caption}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>${note}</section>`;
}

const STYLE = `
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:#1b1b1b;background:#fff;margin:0 auto;max-width:1100px;padding:24px;line-height:1.7}
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #1f5fa8}
p{text-indent:2em;margin:.4rem 0}p.meta,p.note{text-indent:0;color:#444;font-size:.9rem}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#444;text-align:center}
svg{width:100%;height:auto;font-size:12px}svg text{fill:#333}svg .grid{stroke:#ddd}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.8rem;white-space:nowrap}
caption{position:absolute;left:-9999px}th,td{border:1px solid #bbb;padding:2px 6px;text-align:right}
thead th{background:#eef3fa;text-align:center}tbody th{text-align:left;background:#fafafa}
tbody tr:last-child th,tbody tr:last-child td{font-weight:bold}
@media print{body{max-width:none;padding:0}.scroll{overflow:visible}table{font-size:7pt}figure,table{break-inside:avoid}}
`;

/** The style's hash, for a Content-Security-Policy that allows this inline style and nothing else. */
export const REPORT_STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/** A self-contained page (no script, no external asset) that reads in a browser and prints on A4. */
export function renderHtml(report: AnnualReport): string {
  const asOf = report.asOf ? `，数据截至记录时间 ${report.asOf}` : '';
  const head = html`<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${report.title}</title><style>${trustedHtml(STYLE)}</style></head>`;
  const overview = html`<h1>${report.title}</h1><p class="meta">统计期间：${report.from} 至 ${report.through}（按业务发生日期，北京时间）${asOf}</p><section><h2>总体情况</h2>${report.paragraphs.map((p) => html`<p>${p}</p>`)}</section>`;
  const charts = html`<section><h2>图表</h2>${barChart('activity', '每月检查、隐患和处罚', report, ACTIVITY, false)}${barChart('publication', '每月行政处罚和许可决定公示情况', report, PUBLICATION, true)}</section>`;
  return renderDocument(html`<html lang="zh-CN">${head}<body><main>${overview}${charts}${table(monthTable(report))}${table(agencyTable(report))}</main></body></html>`);
}
