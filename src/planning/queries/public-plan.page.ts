import { html, joinHtml, renderDocument, trustedHtml } from '../../shared/html/html.js';
import type { PublicPlanView } from './plan-views.js';

const RISK: Record<string, string> = { low: '低', medium: '一般', high: '较大', major: '重大' };
const STATUS: Record<string, string> = { planned: '待抽取', drawn: '已抽取', completed: '已完成' };
const CONCLUSION: Record<string, string> = {
  no_hazards: '未发现问题',
  hazards_rectified: '发现隐患，已整改',
  rectification_pending: '发现隐患，整改中',
  case_filed: '已立案查处',
  penalty_decided: '已作出行政处罚',
};

export const ALGORITHM_STEPS = [
  '种子 seed 的 UTF-8 字节为 HMAC-SHA256 密钥；第 c 块 = HMAC-SHA256(seed, ASCII("casetrail-draw/1") ‖ 0x00 ‖ c 的 8 字节大端)，c = 0, 1, 2, …；各块依次相接为随机字节流，每次取 4 字节按大端读为无符号整数 u。',
  '取 0..n−1 的均匀整数：limit = 2^32 − (2^32 mod n)；若 u ≥ limit 则丢弃重取，否则结果为 u mod n。',
  '洗牌（Fisher–Yates）：对 i 从最后一个下标递减到 1，取 j = below(i + 1)，交换第 i 与第 j 项。',
  '候选单位 = 名录快照（按统一社会信用代码排序）中未被排除、且不属于重点检查的单位；洗牌后取前 k 个为随机抽取结果，k 为数量或 ⌈候选数 × 比例(万分之) / 10000⌉，不超过候选数。',
  '检查任务顺序 = 随机抽取结果（按洗牌顺序），其后为重点检查单位（按信用代码排序）。',
  '按上述顺序，对每个单位：检查人员快照（按人员编号排序）去掉与该单位有回避关系者，洗牌后取前 t 人为检查组（t ≥ 2）。',
  '快照与结果的指纹 = sha256(RFC 8785 规范化 JSON)。',
];

const STYLE = `
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{font-size:.85em;word-break:break-all}dt{font-weight:600;margin-top:.4rem}dd{margin-left:1rem}
pre{background:#f7f7f7;padding:1rem;overflow:auto;max-height:30rem;font-size:.8em}
`;

const kindLabel = (kind: 'key' | 'random'): string => (kind === 'key' ? '重点检查' : '随机抽取');

export function renderPublicPlan(view: PublicPlanView): string {
  const draw = view.draw;
  const sample = view.sample.kind === 'count' ? `${view.sample.count} 家` : `${(view.sample.basisPoints / 100).toFixed(2)}%`;
  const rows = view.assignments.map((a, n) => {
    const team = joinHtml(a.inspectors.map((i) => i.name ?? i.officerId), '、');
    return html`<tr><td>${n + 1}</td><td>${a.name}</td><td><code>${a.creditCode}</code></td><td>${kindLabel(a.kind)}</td><td>${team}</td></tr>`;
  });
  const inspections = (view.results?.inspections ?? []).map((r) => {
    const conclusion = CONCLUSION[r.conclusion] ?? r.conclusion;
    return html`<tr><td>${r.name}</td><td><code>${r.creditCode}</code></td><td>${kindLabel(r.kind)}</td><td>${r.inspectedOn}</td><td>${r.hazardsFound}</td><td>${r.hazardsRectified}</td><td>${conclusion}</td></tr>`;
  });
  const results = view.results
    ? html`<h2>检查结果</h2><p>计划完成于 ${view.results.completedAt}。</p>
<table><thead><tr><th>单位</th><th>信用代码</th><th>类别</th><th>检查日期</th><th>发现隐患</th><th>已整改</th><th>结果</th></tr></thead><tbody>
${joinHtml(inspections, '\n')}
</tbody></table>`
    : null;
  const drawSection = draw
    ? html`<h2>抽取记录</h2>
<dl>
<dt>抽取时间</dt><dd>${draw.drawnAt}</dd>
<dt>算法版本</dt><dd><code>${draw.algorithm}</code>（规范：${draw.specification}）</dd>
<dt>种子（抽取时公开）</dt><dd><code>${draw.inputs.seed}</code></dd>
<dt>名录库快照指纹</dt><dd><code>${draw.fingerprints.entityPoolHash}</code>（${draw.inputs.entities.length} 家）</dd>
<dt>检查人员库快照指纹</dt><dd><code>${draw.fingerprints.inspectorPoolHash}</code>（${draw.inputs.inspectors.length} 人）</dd>
<dt>输入指纹</dt><dd><code>${draw.fingerprints.inputsHash}</code></dd>
<dt>结果指纹</dt><dd><code>${draw.fingerprints.resultHash}</code></dd>
<dt>频次上限</dt><dd>每家每年 ${draw.rules.maxSelectionsPerEntityPerYear} 次（${draw.rules.version}），本次排除 ${draw.inputs.excluded.length} 家</dd>
<dt>回避关系</dt><dd>${draw.inputs.recusals.length} 条</dd>
<dt>可抽单位 / 抽取数</dt><dd>${draw.result.eligible} / ${draw.result.sampleSize}</dd>
</dl>
<h2>抽取结果</h2>
<table><thead><tr><th>#</th><th>单位</th><th>信用代码</th><th>类别</th><th>检查组</th></tr></thead><tbody>
${joinHtml(rows, '\n')}
</tbody></table>`
    : html`<p>尚未抽取。抽取时将公开种子，任何人可核对其 sha256 与上方承诺值一致。</p>`;
  const sectors = view.filters.sectors.length ? joinHtml(view.filters.sectors, '、') : '全部';
  const risks = view.filters.riskLevels.length ? joinHtml(view.filters.riskLevels.map((r) => RISK[r] ?? r), '、') : '全部';
  const keyInspections = view.keyInspections.length
    ? joinHtml(view.keyInspections.map((k) => html`<code>${k.creditCode}</code>（${k.reason}）`), '；')
    : '无';

  return renderDocument(html`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.name} — 双随机抽查</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<h1>${view.name}</h1>
<p>状态：${STATUS[view.status] ?? view.status}<span> · </span>机关：${view.agencyId}<span> · </span>检查期间：${view.period.from} 至 ${view.period.to}</p>
<h2>抽查事项</h2>
<ul>${view.items.map((i) => html`<li><strong>${i.code}</strong> ${i.title}<br>依据：${i.legalBasis}</li>`)}</ul>
<h2>抽取规则</h2>
<dl>
<dt>行业</dt><dd>${sectors}</dd>
<dt>风险等级</dt><dd>${risks}</dd>
<dt>抽取比例或数量</dt><dd>${sample}</dd>
<dt>每组检查人员</dt><dd>${view.inspectorsPerTeam} 人</dd>
<dt>重点检查</dt><dd>${keyInspections}</dd>
<dt>种子承诺 sha256(seed)（抽取前公布）</dt><dd><code>${view.seedCommitment}</code></dd>
</dl>
${drawSection}
${results}
<h2>如何复核</h2>
<ol>${ALGORITHM_STEPS.map((s) => html`<li>${s}</li>`)}</ol>
<p>下方为完整记录（亦可在 <code>/api/public/plans/${view.planId}</code> 获取 JSON）：用其中的种子与快照按上述步骤重新抽取，结果应与本页一致。</p>
<pre>${JSON.stringify(view, null, 2)}</pre>
</body>
</html>`);
}

export function renderNotFound(message = '没有找到这项抽查计划，链接可能有误。'): string {
  return renderDocument(html`<html lang="zh-CN"><head><meta charset="utf-8"><title>双随机抽查</title></head>
<body><h1>双随机抽查</h1><p>${message}</p></body></html>`);
}
