import type { CaseStatus } from '../../cases/domain/case.js';
import { CHECKPOINTS_URL, type Checkpoint, formatCheckpoint, verifyCommand } from '../../eventstore/ledger/checkpoint.js';
import { shanghaiDate } from '../../shared/domain/calendar-date.js';
import { type SafeHtml, html } from '../../shared/html/html.js';
import type { BulletinEntry } from '../bulletins.js';
import type { PublicDecision } from '../queries/public-records.js';
import { type Page, type Section } from './layout.js';
import type { BulletinLine, BulletinSummary } from './public-bulletins.js';
import { type DecisionKind, type DecisionSearch, LABELS, MAX_PARTY_LENGTH, type QueryProblem, searchQuery } from './public-query.js';

const KIND_TITLE: Record<DecisionKind, string> = { penalty: '行政处罚决定公示', licensing: '行政许可决定公示' };
const KIND_LABEL: Record<DecisionKind, string> = { penalty: '行政处罚', licensing: '行政许可' };
const PARTY_KIND: Record<'organization' | 'person', string> = { organization: '法人及非法人组织', person: '自然人' };
const BULLETIN_KIND: Record<BulletinEntry['kind'], string> = { inspection: '执法检查', accident_investigation: '事故调查' };
const CASE_STATUS: Record<CaseStatus, string> = {
  open: '检查中',
  filed: '已立案',
  noticed: '已告知',
  decided: '已作出决定',
  delivered: '已送达',
  closed: '已结案',
};

const monthTitle = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** Previous and next links and where the reader is; nothing when everything fits on one page. */
function pager(page: number, total: number, pageSize: number, href: (page: number) => string): SafeHtml | '' {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1 && page === 1) return '';
  return html`<nav class="pager" aria-label="分页">
${page > 1 ? html`<a href="${href(Math.min(page - 1, pages))}" rel="prev">上一页</a>` : ''}
<span>第 ${page} 页，共 ${pages} 页</span>
${page < pages ? html`<a href="${href(page + 1)}" rel="next">下一页</a>` : ''}
</nav>`;
}

function status(decision: PublicDecision): SafeHtml {
  return decision.withdrawn ? html`<span class="withdrawn">已撤销</span>` : html`公示中`;
}

const detailHref = (decision: PublicDecision): string => `/public/decisions/${encodeURIComponent(decision.publicationId)}`;

export function decisionsPage(search: DecisionSearch, result: { total: number; items: readonly PublicDecision[] }, pageSize: number): Page {
  const title = search.kind ? KIND_TITLE[search.kind] : '行政执法决定公示';
  const option = (value: DecisionKind | '', label: string) =>
    html`<option value="${value}"${(search.kind ?? '') === value ? html` selected` : ''}>${label}</option>`;
  const rows = result.items.map(
    (d) => html`<tr>
<td><a href="${detailHref(d)}">${d.record.decisionNumber}</a></td>
<td>${d.record.partyName}</td>
<td>${KIND_LABEL[d.source]}</td>
<td>${d.record.decisionDate}</td>
<td>${d.publishedOn}</td>
<td>${status(d)}</td>
</tr>`,
  );
  const table =
    result.items.length === 0
      ? html`<p>${result.total === 0 ? '没有符合条件的公示决定。' : '本页没有记录。'}</p>`
      : html`<table>
<caption>公示决定（按公示日期由近及远）</caption>
<thead><tr><th scope="col">决定文书号</th><th scope="col">当事人</th><th scope="col">类别</th><th scope="col">决定日期</th><th scope="col">公示日期</th><th scope="col">状态</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return {
    title,
    section: (search.kind ?? 'all') satisfies Section,
    main: html`<h1>${title}</h1>
<form method="get" action="/public/" role="search" aria-label="查询公示决定">
<div><label for="kind">${LABELS.kind}</label><select id="kind" name="kind">${option('', '全部')}${option('penalty', '行政处罚')}${option('licensing', '行政许可')}</select></div>
<div><label for="party">${LABELS.party}</label><input id="party" name="party" type="search" maxlength="${MAX_PARTY_LENGTH}" value="${search.party ?? ''}"></div>
<div><label for="from">${LABELS.from}</label><input id="from" name="from" type="date" value="${search.from ?? ''}"></div>
<div><label for="to">${LABELS.to}</label><input id="to" name="to" type="date" value="${search.to ?? ''}"></div>
<div><button type="submit">查询</button></div>
</form>
<p>共 ${result.total} 条</p>
${table}
${pager(search.page, result.total, pageSize, (page) => `/public/${searchQuery(search, page)}`)}`,
  };
}

const row = (label: string, value: SafeHtml | string | null): SafeHtml | '' =>
  value === null || value === '' ? '' : html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;

const list = (items: readonly string[]): SafeHtml | null =>
  items.length === 0 ? null : items.length === 1 ? html`${items[0]}` : html`<ul class="plain">${items.map((item) => html`<li>${item}</li>`)}</ul>`;

function decisionRows(decision: PublicDecision): SafeHtml {
  const r = decision.record;
  const party = [row('当事人名称', r.partyName), row('当事人类别', PARTY_KIND[r.partyKind]), row('统一社会信用代码', r.creditCode)];
  if (decision.source === 'penalty') {
    const p = decision.record;
    return html`${row('行政处罚决定书文号', p.decisionNumber)}${party}${row('法定代表人', p.legalRepresentative)}
${row('违法事实', list(p.violations.map((v) => v.description)))}
${row('违法依据', list([...new Set(p.violations.map((v) => v.legalBasis))]))}
${row('处罚依据', p.penaltyBasis)}
${row('处罚内容', list(p.penalties.map((penalty) => penalty.content)))}
${row('罚款金额（万元）', p.finesWanYuan)}
${row('没收违法所得、没收非法财物的金额（万元）', p.confiscatedWanYuan)}
${row('处罚决定日期', p.decisionDate)}${row('处罚机关', p.agencyName)}${row('处罚机关统一社会信用代码', p.agencyCreditCode)}`;
  }
  const l = decision.record;
  return html`${row('行政许可决定书文号', l.decisionNumber)}${party}
${row('许可证书名称', l.licence)}${row('许可决定', l.outcome)}${row('许可决定日期', l.decisionDate)}
${row('许可机关', l.agencyName)}${row('许可机关统一社会信用代码', l.agencyCreditCode)}`;
}

export function decisionPage(decision: PublicDecision): Page {
  const title = `${KIND_TITLE[decision.source]}：${decision.record.decisionNumber}`;
  const withdrawal = decision.withdrawn
    ? html`<section class="notice" aria-labelledby="withdrawal">
<h2 id="withdrawal">已撤销</h2>
<p>本决定已撤销，其公示已于 ${decision.withdrawnOn ?? ''} 撤回，以下内容仅供查阅，不再具有公示效力。</p>
${decision.withdrawalReason ? html`<p>撤销理由：${decision.withdrawalReason}</p>` : ''}
</section>`
    : '';
  return {
    title,
    section: decision.source,
    main: html`<p><a href="/public/?kind=${decision.source}">返回${KIND_TITLE[decision.source]}列表</a></p>
<h1>${title}</h1>
${withdrawal}
<table>
<caption>决定信息</caption>
<tbody>
${decisionRows(decision)}
${row('公示日期', decision.publishedOn)}
${row('公示截止日期', decision.record.publicUntil)}
${row('状态', status(decision))}
</tbody>
</table>`,
  };
}

export function bulletinsPage(page: number, result: { total: number; items: readonly BulletinSummary[] }, pageSize: number): Page {
  const rows = result.items.map(
    (b) => html`<tr>
<td><a href="/public/bulletins/${b.month}">${monthTitle(b.month)}</a></td>
<td>${b.inspections}</td>
<td>${b.investigations}</td>
<td>${shanghaiDate(b.publishedAt)}</td>
</tr>`,
  );
  return {
    title: '月度公示通报',
    section: 'bulletins',
    main: html`<h1>月度公示通报</h1>
<p>每月 1 日公布上一月的执法检查与事故调查情况。</p>
${
  result.items.length === 0
    ? html`<p>尚无已发布的通报。</p>`
    : html`<table>
<caption>已发布的通报</caption>
<thead><tr><th scope="col">月份</th><th scope="col">执法检查（项）</th><th scope="col">事故调查（项）</th><th scope="col">发布日期</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
}
${pager(page, result.total, pageSize, (p) => `/public/bulletins${p > 1 ? `?page=${p}` : ''}`)}`,
  };
}

export function bulletinPage(bulletin: BulletinSummary, entries: readonly BulletinLine[], page: number, pageSize: number): Page {
  const title = `${monthTitle(bulletin.month)}月度公示通报`;
  const total = bulletin.inspections + bulletin.investigations;
  const rows = entries.map(
    (e) => html`<tr>
<td>${e.openedOn}</td>
<td>${e.agencyName}</td>
<td>${BULLETIN_KIND[e.kind]}</td>
<td>${e.party}</td>
<td>${e.hazards}</td>
<td>${CASE_STATUS[e.status as CaseStatus] ?? e.status}</td>
</tr>`,
  );
  return {
    title,
    section: 'bulletins',
    main: html`<p><a href="/public/bulletins">返回月度公示通报列表</a></p>
<h1>${title}</h1>
<p>发布日期：${shanghaiDate(bulletin.publishedAt)}。本月共 ${total} 项：执法检查 ${bulletin.inspections} 项，事故调查 ${bulletin.investigations} 项。</p>
${
  entries.length === 0
    ? html`<p>本页没有记录。</p>`
    : html`<table>
<caption>${monthTitle(bulletin.month)}执法检查与事故调查</caption>
<thead><tr><th scope="col">日期</th><th scope="col">执法机关</th><th scope="col">类别</th><th scope="col">检查对象</th><th scope="col">发现隐患（项）</th><th scope="col">办理状态</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
}
${pager(page, total, pageSize, (p) => `/public/bulletins/${bulletin.month}${p > 1 ? `?page=${p}` : ''}`)}`,
  };
}

/**
 * The latest signed checkpoint of the whole log, on every page: a reader who keeps the line can later prove that no
 * record it covers was deleted, whatever happens to the database.
 */
export function checkpointFooter(checkpoint: Checkpoint | null): SafeHtml {
  if (!checkpoint) {
    return html`<p>尚未签发执法记录日志的防篡改校验点。系统每隔一段时间签发一次，签发后显示在此处，也可在 ${CHECKPOINTS_URL} 查到。</p>`;
  }
  return html`<p>执法记录日志防篡改校验点（第 ${checkpoint.number} 号，覆盖 ${checkpoint.entries} 条记录，签发于 ${shanghaiDate(checkpoint.signedAt)}）：</p>
<p><code class="checkpoint">${formatCheckpoint(checkpoint)}</code></p>
<p>请保存上面这一行。它由公布在 ${CHECKPOINTS_URL} 的公钥（Ed25519）签名；日后任何人可用 <code>${verifyCommand('校验点')}</code> 核验：它覆盖的记录若有删除，核验即不通过。</p>`;
}

/** The page with the checkpoint line in its footer. */
export const withCheckpoint = (page: Page, checkpoint: Checkpoint | null): Page => ({ ...page, footer: checkpointFooter(checkpoint) });

export function badRequestPage(problems: readonly QueryProblem[]): Page {
  return {
    title: '查询条件有误',
    section: null,
    main: html`<h1>查询条件有误</h1>
<div class="problems"><ul>${problems.map((p) => html`<li>${p.label}：${p.message}</li>`)}</ul></div>
<p><a href="/public/">返回公示首页</a>重新查询。</p>`,
  };
}

export function notFoundPage(what: string): Page {
  return {
    title: '未找到',
    section: null,
    main: html`<h1>未找到</h1>
<p>${what}</p>
<p><a href="/public/">返回公示首页</a></p>`,
  };
}

export function unavailablePage(): Page {
  return {
    title: '暂时无法访问',
    section: null,
    main: html`<h1>暂时无法访问</h1>
<p>公示系统暂时无法处理请求，请稍后再试。</p>`,
  };
}
