import { createHash } from 'node:crypto';
import { type SafeHtml, html, renderDocument, trustedHtml } from '../../shared/html/html.js';

/** The colours of the pages; each pair of text and its background is checked for contrast (WCAG AA, 4.5:1). */
export const PALETTE = {
  text: '#1a1a1a',
  page: '#ffffff',
  link: '#0b4f9c',
  banner: '#8c1515',
  alert: '#a4161a',
  muted: '#4a4a4a',
  panel: '#f4f4f4',
  heading: '#f0f0f0',
  border: '#c8c8c8',
  field: '#555555',
  focus: '#b35c00',
} as const;

const c = PALETTE;

/** The one stylesheet, inline: the pages load nothing from anywhere, and print without navigation and forms. */
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:${c.text};background:${c.page}}
a{color:${c.link}}
:focus-visible{outline:3px solid ${c.focus};outline-offset:2px}
.skip{position:absolute;left:-10000px}
.skip:focus{left:1rem;top:.5rem;background:${c.page};color:${c.link};padding:.25rem .5rem}
header{background:${c.banner};color:${c.page};padding:.75rem 1.5rem}
header a{color:${c.page}}
.site{margin:0;font-size:1.25rem;font-weight:700}
header ul{list-style:none;margin:.5rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem}
header [aria-current]{font-weight:700;text-decoration-thickness:3px}
main{max-width:72rem;margin:0 auto;padding:.5rem 1.5rem 2rem}
h1{font-size:1.5rem;margin:1rem 0}
h2{font-size:1.2rem;margin:1.25rem 0 .5rem}
form{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:flex-end;margin:1rem 0;padding:1rem;background:${c.panel};border:1px solid ${c.border}}
label{display:block;font-weight:700}
input,select,button{font:inherit;padding:.3rem .5rem;border:1px solid ${c.field};border-radius:2px;background:${c.page};color:${c.text}}
button{background:${c.link};border-color:${c.link};color:${c.page};cursor:pointer}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border:1px solid ${c.border};padding:.4rem .6rem;text-align:left;vertical-align:top}
thead th,tbody th{background:${c.heading}}
tbody th{width:14em;font-weight:700}
ul.plain{margin:0;padding-left:1.2em}
.withdrawn{display:inline-block;background:${c.alert};color:${c.page};padding:0 .4rem;border-radius:2px;white-space:nowrap}
.notice{border:3px solid ${c.alert};padding:.25rem 1rem;margin:1rem 0}
.notice h2{color:${c.alert}}
.problems{border-left:4px solid ${c.alert};padding-left:1rem}
.pager{display:flex;flex-wrap:wrap;gap:1.25rem;align-items:center;margin:1rem 0}
footer{border-top:1px solid ${c.border};padding:1rem 1.5rem;color:${c.muted};font-size:.875rem;text-align:center}
footer code{overflow-wrap:anywhere}
@media print{
body{font-size:11pt}
.skip,header ul,form,.pager{display:none}
header{background:none;color:#000;padding:0 0 .5rem;border-bottom:2px solid #000}
a{color:#000;text-decoration:none}
th,td{border-color:#000}
thead th,tbody th{background:none}
.withdrawn{background:none;color:#000;border:1px solid #000}
.notice{border-color:#000}
.notice h2{color:#000}
}
`.trim();

/** The page is allowed exactly this stylesheet, by its hash, and nothing else: no script, font, frame or remote image. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  // The empty data: icon keeps the browser from asking for /favicon.ico.
  'img-src data:',
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type Section = 'all' | 'penalty' | 'licensing' | 'bulletins';

const NAV: readonly { section: Section; href: string; label: string }[] = [
  { section: 'all', href: '/public/', label: '全部公示' },
  { section: 'penalty', href: '/public/?kind=penalty', label: '行政处罚决定公示' },
  { section: 'licensing', href: '/public/?kind=licensing', label: '行政许可决定公示' },
  { section: 'bulletins', href: '/public/bulletins', label: '月度公示通报' },
];

export const SITE_NAME = '应急管理行政执法公示';

export interface Page {
  /** The page's own title; the document title adds the site's name. */
  readonly title: string;
  readonly section: Section | null;
  readonly main: SafeHtml;
  /** More lines for the footer, after the note on personal data. */
  readonly footer?: SafeHtml;
}

/** The shared frame of every public page: banner, navigation, one main landmark, footer. */
export function layout(page: Page): string {
  const nav = NAV.map(
    (item) => html`<li><a href="${item.href}"${item.section === page.section && html` aria-current="page"`}>${item.label}</a></li>`,
  );
  return renderDocument(html`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} - ${SITE_NAME}</title>
<link rel="icon" href="data:,">
<style>${trustedHtml(CSS)}</style>
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header>
<p class="site"><a href="/public/">${SITE_NAME}</a></p>
<nav aria-label="公示栏目"><ul>${nav}</ul></nav>
</header>
<main id="main">
${page.main}
</main>
<footer><p>本站公示内容已依法隐去自然人的身份证件号码、联系方式、住址等个人信息。</p>${page.footer}</footer>
</body>
</html>`);
}
