import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { Penalty, PartyKind } from './penalties.js';
import { totalFen } from './penalties.js';

/**
 * The law as it stood on each date, as data. A rule set is the result of the instruments in force on its effective
 * date, each figure with the provision it comes from; a notice or decision records the version it applied, so a
 * later change never rewrites an old case, and a version once served is never removed.
 */

/** A time limit: working days (APL 2021 Art. 85, 令18号 Art. 89) or calendar days (the 2017 APL has no working-day rule). */
export interface Period {
  readonly days: number;
  readonly unit: 'working' | 'calendar';
}

/** An extension of the decision period, each usable once, in order (办法2015 Art. 31, 令18号 Art. 53). */
export interface DecisionExtension {
  /** The extended period, counted from the filing, never longer than this. */
  readonly upToDays: number;
  readonly approval: 'head' | 'higher_authority';
}

/** Where a figure comes from. `verified: false` marks what an administrator must still check against the text. */
export interface RuleSource {
  readonly figures: readonly string[];
  readonly instrument: string;
  readonly article: string | null;
  readonly verified: boolean;
  readonly note?: string;
}

export interface PenaltyRuleSet {
  readonly version: string;
  readonly title: string;
  readonly effectiveFrom: CalendarDate;
  /** The last day it applies; null for the rule set in force now. */
  readonly effectiveUntil: CalendarDate | null;
  /** On-the-spot penalties are a warning or a fine up to this amount. */
  readonly simpleProcedureFineMaxFen: Readonly<Record<PartyKind, number>>;
  /** A fine (or, where `hearingCountsConfiscation`, a confiscation) at or above this amount is hearing-eligible. */
  readonly hearingThresholdFen: Readonly<Record<PartyKind, number>>;
  readonly hearingCountsConfiscation: boolean;
  /** Penalty types that are always hearing-eligible, whatever the amount. */
  readonly hearingEligibleTypes: readonly Penalty['type'][];
  readonly statementPeriod: Period;
  readonly hearingRequestPeriod: Period;
  /** Calendar days from the filing. */
  readonly decisionPeriodDays: number;
  /** null: the instruments limit neither the number nor the length of extensions. */
  readonly decisionExtensions: readonly DecisionExtension[] | null;
  readonly paymentCalendarDays: number;
  readonly publicNoticeEffectiveCalendarDays: number;
  /** 3% of the fine a day, in total no more than the fine (行政强制法 Art. 45). */
  readonly surchargePerMille: number;
  /** The surcharge is not counted while a reconsideration or lawsuit is pending. */
  readonly surchargePausedDuringRemedies: boolean;
  /** Working days from the decision to its publication; null: no publication deadline applied yet. */
  readonly publicationWorkingDays: number | null;
  /** No penalty for a violation undiscovered this long. */
  readonly limitationYears: number;
  /** The longer period for a violation that endangered life, health or financial security and caused harm; null: none. */
  readonly harmfulLimitationYears: number | null;
  readonly sources: readonly RuleSource[];
}

type Figures = Omit<PenaltyRuleSet, 'version' | 'title' | 'effectiveFrom' | 'effectiveUntil' | 'sources'>;

/** A change of the law: the figures it sets, on its date, with their sources. */
interface Amendment {
  readonly version: string;
  readonly title: string;
  readonly effectiveFrom: CalendarDate;
  readonly figures: Partial<Figures>;
  readonly sources: readonly RuleSource[];
}

const APL2017 = '《中华人民共和国行政处罚法》（2017年修正）';
const APL2021 = '《中华人民共和国行政处罚法》（2021年修订）';
const SECTOR2015 = '《安全生产违法行为行政处罚办法》（国家安全生产监督管理总局令第15号，2015年令第77号修正）';
const SECTOR2026 = '《安全生产违法行为行政处罚办法》（应急管理部令第18号）';
const COERCION = '《中华人民共和国行政强制法》';

const FIRST: Figures = {
  simpleProcedureFineMaxFen: { person: 50_00, organization: 1_000_00 },
  hearingThresholdFen: { person: 20_000_00, organization: 50_000_00 },
  hearingCountsConfiscation: false,
  hearingEligibleTypes: ['suspension_order', 'licence_revocation'],
  statementPeriod: { days: 3, unit: 'calendar' },
  hearingRequestPeriod: { days: 3, unit: 'calendar' },
  decisionPeriodDays: 30,
  decisionExtensions: [
    { upToDays: 90, approval: 'head' },
    { upToDays: 180, approval: 'higher_authority' },
  ],
  paymentCalendarDays: 15,
  publicNoticeEffectiveCalendarDays: 30,
  surchargePerMille: 30,
  surchargePausedDuringRemedies: false,
  publicationWorkingDays: null,
  limitationYears: 2,
  harmfulLimitationYears: null,
};

const AMENDMENTS: readonly Amendment[] = [
  {
    version: 'apl2017-sector2015',
    title: `${APL2017}与${SECTOR2015}`,
    effectiveFrom: '2018-01-01',
    figures: FIRST,
    sources: [
      { figures: ['simpleProcedureFineMaxFen'], instrument: APL2017, article: '第三十三条', verified: true },
      {
        figures: ['hearingEligibleTypes', 'hearingCountsConfiscation', 'hearingRequestPeriod'],
        instrument: APL2017,
        article: '第四十二条第一款',
        verified: true,
        note: '责令停产停业、吊销许可证或者执照、较大数额罚款；告知后三日内提出（日历日）',
      },
      {
        figures: ['hearingThresholdFen'],
        instrument: SECTOR2015,
        article: null,
        verified: false,
        note: '较大数额罚款：个人2万元、单位5万元（二手资料；另有资料称1万元、3万元）；重庆市2023年以前的数额未查到',
      },
      {
        figures: ['statementPeriod'],
        instrument: APL2017,
        article: '第三十一条、第三十二条',
        verified: false,
        note: '法律未规定陈述申辩期限；3日为本局配置',
      },
      {
        figures: ['decisionPeriodDays', 'decisionExtensions'],
        instrument: SECTOR2015,
        article: '第三十一条',
        verified: false,
        note: '30日，经负责人同意延长至90日，经上一级批准延长至180日（条文未取得，据执法文书引用）',
      },
      {
        figures: ['paymentCalendarDays'],
        instrument: APL2017,
        article: '第四十六条第三款',
        verified: false,
        note: '自收到决定书之日起十五日内缴纳（条号未经检索核对）',
      },
      {
        figures: ['surchargePerMille'],
        instrument: `${APL2017}；${COERCION}`,
        article: '行政处罚法第五十一条第一项；行政强制法第四十五条第二款（不得超出罚款数额）',
        verified: true,
      },
      {
        figures: ['surchargePausedDuringRemedies'],
        instrument: APL2017,
        article: null,
        verified: true,
        note: '2017年文本无复议、诉讼期间不计加处罚款的规定',
      },
      { figures: ['limitationYears', 'harmfulLimitationYears'], instrument: APL2017, article: '第二十九条', verified: true, note: '二年；无五年的规定' },
      {
        figures: ['publicNoticeEffectiveCalendarDays'],
        instrument: '《中华人民共和国民事诉讼法》',
        article: null,
        verified: false,
        note: '2022年1月1日以前的民事诉讼法公告送达期间为六十日，未在此规则集中区分',
      },
    ],
  },
  {
    version: 'apl2017-sector2015-gbf118',
    title: `${APL2017}、${SECTOR2015}与行政执法公示制度（国办发〔2018〕118号）`,
    effectiveFrom: '2019-01-01',
    figures: { publicationWorkingDays: 7 },
    sources: [
      {
        figures: ['publicationWorkingDays'],
        instrument: '国务院办公厅《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号，2018年12月5日）',
        article: null,
        verified: false,
        note: '自执法决定作出之日起7个工作日内公开（据新闻发布会报道；原文未取得）；自2019年1月1日起适用',
      },
    ],
  },
  {
    version: 'apl2021-sector2015',
    title: `${APL2021}与${SECTOR2015}`,
    effectiveFrom: '2021-07-15',
    figures: {
      simpleProcedureFineMaxFen: { person: 200_00, organization: 3_000_00 },
      hearingCountsConfiscation: true,
      hearingEligibleTypes: ['suspension_order', 'licence_suspension', 'licence_revocation'],
      statementPeriod: { days: 3, unit: 'working' },
      hearingRequestPeriod: { days: 5, unit: 'working' },
      decisionPeriodDays: 90,
      decisionExtensions: null,
      surchargePausedDuringRemedies: true,
      harmfulLimitationYears: 5,
    },
    sources: [
      { figures: ['simpleProcedureFineMaxFen'], instrument: APL2021, article: '第五十一条', verified: true },
      {
        figures: ['hearingEligibleTypes', 'hearingCountsConfiscation'],
        instrument: APL2021,
        article: '第六十三条',
        verified: true,
        note: '暂扣许可证件未列明，按“其他较重的行政处罚”列入',
      },
      { figures: ['hearingRequestPeriod'], instrument: APL2021, article: '第六十四条第一项、第八十五条', verified: true },
      { figures: ['statementPeriod'], instrument: APL2021, article: '第四十四条、第四十五条', verified: false, note: '法律未规定期限；3个工作日为本局配置' },
      {
        figures: ['decisionPeriodDays', 'decisionExtensions'],
        instrument: APL2021,
        article: '第六十条',
        verified: true,
        note: '九十日；“规章另有规定的，从其规定”：办法2015第三十一条的30日是否适用，由管理员核定',
      },
      { figures: ['paymentCalendarDays'], instrument: APL2021, article: '第六十七条第三款', verified: true },
      { figures: ['surchargePerMille'], instrument: APL2021, article: '第七十二条第一款第一项', verified: true },
      { figures: ['surchargePausedDuringRemedies'], instrument: APL2021, article: '第七十三条第三款', verified: true },
      {
        figures: ['limitationYears', 'harmfulLimitationYears'],
        instrument: APL2021,
        article: '第三十六条第一款',
        verified: true,
        note: '二年；涉及公民生命健康安全、金融安全且有危害后果的为五年',
      },
      { figures: ['publicNoticeEffectiveCalendarDays'], instrument: '《中华人民共和国民事诉讼法》（2021年修正）', article: '第九十五条', verified: false },
    ],
  },
  {
    version: 'apl2021-chongqing2023',
    title: `${APL2021}与《重庆市行政处罚听证程序规定》（市政府令第354号）`,
    effectiveFrom: '2023-03-01',
    figures: { hearingThresholdFen: { person: 5_000_00, organization: 50_000_00 } },
    sources: [
      {
        figures: ['hearingThresholdFen'],
        instrument: '《重庆市行政处罚听证程序规定》（重庆市人民政府令第354号）',
        article: null,
        verified: false,
        note: '公民5000元、法人或者其他组织5万元（两篇报道一致；原文未取得）',
      },
    ],
  },
  {
    version: 'apl2021-chongqing2023-emr18',
    title: `${APL2021}、重庆市听证数额与${SECTOR2026}`,
    effectiveFrom: '2026-02-01',
    figures: {
      statementPeriod: { days: 5, unit: 'working' },
      decisionPeriodDays: 90,
      decisionExtensions: [
        { upToDays: 120, approval: 'head' },
        { upToDays: 180, approval: 'higher_authority' },
      ],
    },
    sources: [
      { figures: ['simpleProcedureFineMaxFen'], instrument: SECTOR2026, article: '第三十二条', verified: true },
      { figures: ['statementPeriod'], instrument: SECTOR2026, article: '第十八条第二款、第八十九条', verified: true, note: '收到告知书之日起5日（工作日）' },
      { figures: ['hearingRequestPeriod'], instrument: SECTOR2026, article: '第五十六条、第八十九条', verified: true },
      {
        figures: ['hearingThresholdFen'],
        instrument: SECTOR2026,
        article: '第五十五条第二款',
        verified: true,
        note: '省级规定的数额优先（重庆：5000元、5万元）；无规定时个人2万元、生产经营单位10万元',
      },
      {
        figures: ['decisionPeriodDays', 'decisionExtensions'],
        instrument: SECTOR2026,
        article: '第五十三条',
        verified: true,
        note: '90日，经负责人批准延长至120日，经上一级批准延长至180日；检测、检验、鉴定时间不计入（未建模）',
      },
      { figures: ['surchargePerMille'], instrument: SECTOR2026, article: '第七十七条第一款第一项', verified: true },
      { figures: ['surchargePausedDuringRemedies'], instrument: SECTOR2026, article: '第七十八条第二款', verified: true },
      { figures: ['publicNoticeEffectiveCalendarDays'], instrument: SECTOR2026, article: '第六十六条第一款第五项', verified: true },
    ],
  },
];

/** Each amendment's figures over those of the rule set before it; a figure's source is the latest that names it. */
function build(amendments: readonly Amendment[]): PenaltyRuleSet[] {
  const sets: PenaltyRuleSet[] = [];
  let figures: Figures | null = null;
  let sources: readonly RuleSource[] = [];
  for (const [index, amendment] of amendments.entries()) {
    const merged: Partial<Figures> = { ...(figures ?? {}), ...amendment.figures };
    figures = merged as Figures;
    const named = new Set(amendment.sources.flatMap((s) => s.figures));
    sources = [
      ...sources
        .map((s) => ({ ...s, figures: s.figures.filter((f) => !named.has(f)) }))
        .filter((s) => s.figures.length > 0),
      ...amendment.sources,
    ];
    const next = amendments[index + 1];
    sets.push({
      ...figures,
      version: amendment.version,
      title: amendment.title,
      effectiveFrom: amendment.effectiveFrom,
      effectiveUntil: next ? dayBefore(next.effectiveFrom) : null,
      sources,
    });
  }
  return sets;
}

function dayBefore(date: CalendarDate): CalendarDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export const RULE_SETS: readonly PenaltyRuleSet[] = build(AMENDMENTS);

export const EARLIEST_DATE_SERVED: CalendarDate = RULE_SETS[0]?.effectiveFrom ?? '2018-01-01';

export const ruleSetNotInForce = (date: CalendarDate): DomainError =>
  new DomainError(
    'RULE_SET_NOT_IN_FORCE',
    `No rule set is in force on ${date}: casetrail serves case dates from ${EARLIEST_DATE_SERVED} on`,
    'unprocessable',
    { date, earliestDateServed: EARLIEST_DATE_SERVED },
  );

/** The rule set in force on `date` (the latest whose effective date is not after it); refused before the first. */
export function ruleSetOn(date: CalendarDate, ruleSets: readonly PenaltyRuleSet[] = RULE_SETS): PenaltyRuleSet {
  const inForce = ruleSets.filter((rules) => rules.effectiveFrom <= date).at(-1);
  if (!inForce) throw ruleSetNotInForce(date);
  return inForce;
}

/**
 * The rule set a step recorded, or the one in force on `date` when the step predates pinned versions. Reading a
 * case never fails on it: an unknown version falls back to the date, and a date before the first to the first.
 */
export function pinnedRuleSet(version: string | null | undefined, date: CalendarDate): PenaltyRuleSet {
  const pinned = RULE_SETS.find((rules) => rules.version === version);
  if (pinned) return pinned;
  const first = RULE_SETS[0];
  if (!first) throw new Error('no rule sets are defined');
  return RULE_SETS.filter((rules) => rules.effectiveFrom <= date).at(-1) ?? first;
}

/** Whether the rule set still has figures an administrator must check against the text. */
export const isVerified = (rules: PenaltyRuleSet): boolean => rules.sources.every((source) => source.verified);

export function isHearingEligible(penalties: readonly Penalty[], party: PartyKind, rules: PenaltyRuleSet): boolean {
  const threshold = rules.hearingThresholdFen[party];
  return (
    penalties.some((p) => rules.hearingEligibleTypes.includes(p.type)) ||
    totalFen(penalties, 'fine') >= threshold ||
    (rules.hearingCountsConfiscation && totalFen(penalties, 'confiscation') >= threshold)
  );
}

/** Only a warning and/or a fine within the limit may be imposed on the spot. */
export function isWithinSimpleProcedure(penalties: readonly Penalty[], party: PartyKind, rules: PenaltyRuleSet): boolean {
  return (
    penalties.length > 0 &&
    penalties.every((p) => p.type === 'warning' || p.type === 'fine') &&
    totalFen(penalties, 'fine') <= rules.simpleProcedureFineMaxFen[party]
  );
}

/** Late-payment surcharge (加处罚款) after `daysLate` days: 3% of the fine a day, never more than the fine. */
export function surchargeFen(fineFen: number, daysLate: number, rules: PenaltyRuleSet): number {
  if (daysLate <= 0) return 0;
  return Math.min(fineFen, Math.floor((fineFen * rules.surchargePerMille * daysLate) / 1000));
}

/** The last day of a period on the official calendar, start day excluded. */
export function endOfPeriod<R extends { deadline: CalendarDate; provisional: boolean }>(
  calendar: { addWorkingDays(from: CalendarDate, days: number): R; addCalendarDays(from: CalendarDate, days: number): R },
  from: CalendarDate,
  period: Period,
): R {
  return period.unit === 'working' ? calendar.addWorkingDays(from, period.days) : calendar.addCalendarDays(from, period.days);
}
