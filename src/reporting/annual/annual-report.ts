import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { type Figure, type Figures } from '../domain/statistics-facts.js';
import type { AgencyStatistics, StatisticsResult } from '../statistics.query.js';

export interface AgencyName {
  readonly agencyId: string;
  readonly name: string;
  readonly shortName: string;
}

export interface MonthFigures {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly figures: Figures;
}

export interface AgencyFigures extends AgencyName {
  /** `cases`: logged here; `submission`: reported as period figures; `both`. */
  readonly source: 'cases' | 'submission' | 'both';
  readonly figures: Figures;
  readonly notReported: readonly Figure[];
}

export interface AnnualReport {
  readonly year: number;
  readonly from: CalendarDate;
  readonly through: CalendarDate;
  readonly asOf: string | null;
  /** The agency the report is limited to; null: district-wide. */
  readonly agency: string | null;
  readonly title: string;
  /** The bureau's statistics paragraph, then the legal review, publication and staffing paragraph. */
  readonly paragraphs: readonly string[];
  readonly figures: Figures;
  readonly agencies: readonly AgencyFigures[];
  readonly months: readonly MonthFigures[];
  /**
   * Submissions that span more than one month count in the period's totals but in no month: the months then do not
   * add up to the totals, and the tables say so.
   */
  readonly monthsExcludeSubmissions: boolean;
}

/** Fen as 万元 with four decimals (to the yuan, half up), the unit of the bureau's reports: 24151675 yuan -> 2415.1675. */
export function wanYuan(fen: number): string {
  const yuan = (BigInt(Math.round(fen)) + 50n) / 100n;
  const fraction = (yuan % 10_000n).toString().padStart(4, '0');
  return `${yuan / 10_000n}.${fraction}`;
}

const day = (date: CalendarDate): number => Number(date.slice(8, 10));
const month = (date: CalendarDate): number => Number(date.slice(5, 7));

function lastDayOfMonth(year: number, monthNumber: number): number {
  return new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
}

/** `2021年1月至10月`, `2021年`, `2021年1月1日至10月15日`, as the bureau names a period of its reporting year. */
export function periodName(year: number, through: CalendarDate): string {
  const m = month(through);
  const d = day(through);
  if (d !== lastDayOfMonth(year, m)) return `${year}年1月1日至${m}月${d}日`;
  if (m === 12) return `${year}年`;
  if (m === 1) return `${year}年1月`;
  return `${year}年1月至${m}月`;
}

/** The months of the reporting year from January to `through`, the last one cut at `through`. */
export function monthsThrough(year: number, through: CalendarDate): { month: string; from: CalendarDate; to: CalendarDate }[] {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return Array.from({ length: month(through) }, (_, index) => {
    const m = index + 1;
    const end = `${year}-${pad(m)}-${pad(lastDayOfMonth(year, m))}`;
    return { month: `${year}-${pad(m)}`, from: `${year}-${pad(m)}-01`, to: end < through ? end : through };
  });
}

interface Clause {
  readonly figure: Figure;
  readonly label: string;
  readonly unit: string;
}

/** The statistics paragraph's clauses, in the bureau's order and words; the last two follow a semicolon. */
const MAIN_CLAUSES: readonly Clause[] = [
  { figure: 'inspections', label: '检查企业', unit: '家次' },
  { figure: 'hazards', label: '排查隐患', unit: '条' },
  { figure: 'partiesPenalized', label: '安全生产事前行政处罚生产经营单位', unit: '家' },
  { figure: 'warnings', label: '警告', unit: '次' },
  { figure: 'finesFen', label: '罚款', unit: '万元' },
  { figure: 'productionSuspensions', label: '责令停产停业', unit: '家' },
  { figure: 'licencesSuspendedOrRevoked', label: '暂扣（吊销）证照', unit: '个' },
  { figure: 'confiscations', label: '没收违法所得和非法财物', unit: '次' },
  { figure: 'detentions', label: '行政拘留', unit: '人' },
];
const LENIENCY_CLAUSES: readonly Clause[] = [
  { figure: 'noPenaltyAfterRectification', label: '当场整改或限期整改不予处罚', unit: '家次' },
  { figure: 'lighterOrMitigated', label: '减轻及从轻处罚', unit: '家次' },
];

const amountOf = (figure: Figure, value: number): string => (figure === 'finesFen' ? wanYuan(value) : String(value));

/**
 * One clause with its notes on agencies that reported figures instead of logging cases: the part such an agency
 * contributed goes between the number and the unit (`罚款2415.1675（含区公安交巡警支队罚款1988.2406万元）万元`); an agency
 * that did not report the figure is named after the unit (`963家（不含区公安交巡警支队）`).
 */
function clause({ figure, label, unit }: Clause, figures: Figures, submitters: readonly AgencyFigures[]): string {
  const included = submitters
    .filter((agency) => !agency.notReported.includes(figure) && agency.figures[figure] > 0)
    .map((agency) => `${agency.shortName}${label}${amountOf(figure, agency.figures[figure])}${unit}`);
  const excluded = submitters.filter((agency) => agency.notReported.includes(figure)).map((agency) => agency.shortName);
  const inclusion = included.length > 0 ? `（含${included.join('、')}）` : '';
  const exclusion = excluded.length > 0 ? `（不含${excluded.join('、')}）` : '';
  return `${label}${amountOf(figure, figures[figure])}${inclusion}${unit}${exclusion}`;
}

/** The statistics paragraph in the bureau's wording, e.g. `2021年1月至10月，检查企业6301家次，…，减轻及从轻处罚17家次。` */
export function statisticsParagraph(period: string, figures: Figures, agencies: readonly AgencyFigures[]): string {
  // Only an agency that reported figures and logs no cases has parts worth naming: the rest is counted one by one.
  const submitters = agencies.filter((agency) => agency.source === 'submission');
  const main = MAIN_CLAUSES.map((c) => clause(c, figures, submitters)).join('，');
  const leniency = LENIENCY_CLAUSES.map((c) => clause(c, figures, submitters)).join('，');
  return `${period}，${main}；${leniency}。`;
}

/** Reviewers per hundred certified officers, one decimal: the norm is at least 5 (domain §2). */
function percent(part: number, whole: number): string {
  return whole === 0 ? '0.0' : ((part * 100) / whole).toFixed(1);
}

/** Legal reviews, publication and staffing, which the bureau reports beside the statistics paragraph. */
export function reviewParagraph(figures: Figures): string {
  return (
    `法制审核重大执法决定${figures.legalReviewsSubmitted}件，审核通过${figures.legalReviewsApproved}件，` +
    `退回补充${figures.legalReviewsReturned}件；行政处罚和行政许可决定按时公示${figures.publicationsOnTime}件，` +
    `逾期公示${figures.publicationsLate}件，逾期未公示${figures.publicationsOverdue}件；` +
    `持证执法人员${figures.certifiedOfficers}名，法制审核人员${figures.reviewers}名，` +
    `占执法人员的${percent(figures.reviewers, figures.certifiedOfficers)}%。`
  );
}

function agencyFigures(agencyId: string, statistics: AgencyStatistics, names: ReadonlyMap<string, AgencyName>): AgencyFigures {
  const name = names.get(agencyId) ?? { agencyId, name: agencyId, shortName: agencyId };
  const submitted = statistics.submitted;
  const fromCases = Object.entries(statistics.figures).some(
    ([figure, value]) => value !== (submitted?.figures[figure as Figure] ?? 0),
  );
  const source = submitted === null ? 'cases' : fromCases ? 'both' : 'submission';
  return { ...name, source, figures: statistics.figures, notReported: submitted?.notReported ?? [] };
}

export interface AnnualReportInput {
  readonly year: number;
  readonly through: CalendarDate;
  readonly asOf: string | null;
  readonly agency: string | null;
  readonly total: StatisticsResult;
  readonly months: readonly { month: string; from: CalendarDate; to: CalendarDate; result: StatisticsResult }[];
  readonly names: ReadonlyMap<string, AgencyName>;
}

export function buildAnnualReport(input: AnnualReportInput): AnnualReport {
  const { year, through, asOf, agency, total, names } = input;
  const agencies = Object.entries(total.byAgency).map(([agencyId, statistics]) => agencyFigures(agencyId, statistics, names));
  const period = periodName(year, through);
  const scope = agency === null ? '全区' : (names.get(agency)?.name ?? agency);
  const periodsCounted = agencies.length === 0 ? [] : Object.values(total.byAgency).flatMap((a) => a.submitted?.periods ?? []);
  return {
    year,
    from: `${year}-01-01`,
    through,
    asOf,
    agency,
    title: `${scope}${period}安全生产执法统计`,
    paragraphs: [statisticsParagraph(period, total.figures, agencies), reviewParagraph(total.figures)],
    figures: total.figures,
    agencies,
    months: input.months.map(({ month: m, from, to, result }) => ({ month: m, from, to, figures: result.figures })),
    monthsExcludeSubmissions: periodsCounted.some((p) => p.from.slice(0, 7) !== p.to.slice(0, 7)),
  };
}
