import { FIGURES, type Figure, type Figures } from '../domain/statistics-facts.js';
import { type AnnualReport, wanYuan } from './annual-report.js';

export interface Column {
  readonly figure: Figure;
  readonly heading: string;
}

/** The columns of the report's tables, in the bureau's order; money in 万元. */
export const TABLE_COLUMNS: readonly Column[] = [
  { figure: 'inspections', heading: '检查企业（家次）' },
  { figure: 'hazards', heading: '排查隐患（条）' },
  { figure: 'hazardsMajor', heading: '其中重大隐患（条）' },
  { figure: 'hazardsRectified', heading: '隐患整改（条）' },
  { figure: 'partiesPenalized', heading: '处罚单位（家）' },
  { figure: 'warnings', heading: '警告（次）' },
  { figure: 'finesFen', heading: '罚款（万元）' },
  { figure: 'productionSuspensions', heading: '责令停产停业（家）' },
  { figure: 'licencesSuspendedOrRevoked', heading: '暂扣吊销证照（个）' },
  { figure: 'confiscations', heading: '没收（次）' },
  { figure: 'confiscatedFen', heading: '没收金额（万元）' },
  { figure: 'detentions', heading: '行政拘留（人）' },
  { figure: 'noPenaltyAfterRectification', heading: '整改不予处罚（家次）' },
  { figure: 'lighterOrMitigated', heading: '减轻从轻（家次）' },
  { figure: 'legalReviewsSubmitted', heading: '法制审核（件）' },
  { figure: 'legalReviewsApproved', heading: '审核通过（件）' },
  { figure: 'legalReviewsReturned', heading: '退回补充（件）' },
  { figure: 'publicationsOnTime', heading: '按时公示（件）' },
  { figure: 'publicationsLate', heading: '逾期公示（件）' },
  { figure: 'publicationsOverdue', heading: '逾期未公示（件）' },
];

export const cell = (figure: Figure, figures: Figures): string =>
  figure === 'finesFen' || figure === 'confiscatedFen' ? wanYuan(figures[figure]) : String(figures[figure]);

const SOURCE_LABEL = { cases: '案件记录', submission: '报送数据', both: '案件记录和报送数据' } as const;

export interface Table {
  readonly caption: string;
  readonly headings: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly note: string | null;
}

export function monthTable(report: AnnualReport): Table {
  return {
    caption: '按月统计',
    headings: ['月份', ...TABLE_COLUMNS.map((c) => c.heading)],
    rows: [
      ...report.months.map((m) => [`${Number(m.month.slice(5))}月`, ...TABLE_COLUMNS.map((c) => cell(c.figure, m.figures))]),
      ['合计', ...TABLE_COLUMNS.map((c) => cell(c.figure, report.figures))],
    ],
    note: report.monthsExcludeSubmissions ? '跨月报送的数据计入合计，不计入各月。' : null,
  };
}

export function agencyTable(report: AnnualReport): Table {
  const notReported = report.agencies.filter((a) => a.notReported.length > 0);
  return {
    caption: '按单位统计',
    headings: ['单位', '数据来源', ...TABLE_COLUMNS.map((c) => c.heading)],
    rows: [
      ...report.agencies.map((a) => [a.name, SOURCE_LABEL[a.source], ...TABLE_COLUMNS.map((c) => cell(c.figure, a.figures))]),
      ['合计', '', ...TABLE_COLUMNS.map((c) => cell(c.figure, report.figures))],
    ],
    note:
      notReported.length === 0
        ? null
        : notReported
            .map((a) => `${a.name}未报送：${TABLE_COLUMNS.filter((c) => a.notReported.includes(c.figure)).map((c) => c.heading).join('、')}。`)
            .join(''),
  };
}

export function renderText(report: AnnualReport): string {
  const table = (t: Table): string =>
    [t.caption, ...[t.headings, ...t.rows].map((row) => row.join('\t')), ...(t.note ? [t.note] : [])].join('\n');
  return [report.title, '', ...report.paragraphs.flatMap((p) => [p, '']), table(monthTable(report)), '', table(agencyTable(report)), ''].join('\n');
}

const markdownCell = (value: string): string => value.replace(/\|/g, '\\|');

export function renderMarkdown(report: AnnualReport): string {
  const table = (t: Table): string[] => [
    `## ${t.caption}`,
    '',
    `| ${t.headings.map(markdownCell).join(' | ')} |`,
    `|${t.headings.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...t.rows.map((row) => `| ${row.map(markdownCell).join(' | ')} |`),
    ...(t.note ? ['', t.note] : []),
    '',
  ];
  return [`# ${report.title}`, '', ...report.paragraphs.flatMap((p) => [p, '']), ...table(monthTable(report)), ...table(agencyTable(report))].join('\n');
}

const csvField = (value: string | number): string => {
  const text = String(value);
  // A leading =, +, - or @ would be run as a formula by a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * One row per period and agency (each month, then the whole period; district-wide, then each agency), every figure
 * under its public name, money in fen: the machine-readable form of both tables.
 */
export function renderCsv(report: AnnualReport, byMonthAndAgency: readonly { from: string; to: string; agencyId: string | null; figures: Figures }[]): string {
  const names = new Map(report.agencies.map((a) => [a.agencyId, a.name]));
  const header = ['from', 'to', 'agency', 'agencyName', ...FIGURES];
  const rows = byMonthAndAgency.map((row) => [
    row.from,
    row.to,
    row.agencyId ?? '',
    row.agencyId === null ? '全区' : (names.get(row.agencyId) ?? row.agencyId),
    ...FIGURES.map((figure) => row.figures[figure]),
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
