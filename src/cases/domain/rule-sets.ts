import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import type { Penalty, PartyKind } from './penalties.js';
import { totalFen } from './penalties.js';

/**
 * Thresholds and time limits are data with effective dates: a notice or decision records the version it applied,
 * so a later change never rewrites an old case. Values tagged [U] in the domain reference are configuration here.
 */
export interface PenaltyRuleSet {
  readonly version: string;
  readonly effectiveFrom: CalendarDate;
  /** APL Art. 51: on-the-spot penalties are a warning or a fine up to this amount. */
  readonly simpleProcedureFineMaxFen: Readonly<Record<PartyKind, number>>;
  /** A fine or confiscation at or above this amount makes the penalty hearing-eligible (APL Art. 63). */
  readonly hearingThresholdFen: Readonly<Record<PartyKind, number>>;
  /** Penalty types that are always hearing-eligible, whatever the amount. */
  readonly hearingEligibleTypes: readonly Penalty['type'][];
  readonly statementWorkingDays: number;
  readonly hearingRequestWorkingDays: number;
  readonly decisionCalendarDays: number;
  readonly paymentCalendarDays: number;
  readonly publicNoticeEffectiveCalendarDays: number;
  /** APL Art. 72: 3% of the fine a day, in total no more than the fine. */
  readonly surchargePerMille: number;
}

const BASE = {
  simpleProcedureFineMaxFen: { person: 200_00, organization: 3_000_00 },
  hearingEligibleTypes: ['suspension_order', 'licence_suspension', 'licence_revocation'],
  statementWorkingDays: 3,
  hearingRequestWorkingDays: 5,
  decisionCalendarDays: 90,
  paymentCalendarDays: 15,
  publicNoticeEffectiveCalendarDays: 30,
  surchargePerMille: 30,
} as const;

export const RULE_SETS: readonly PenaltyRuleSet[] = [
  {
    // APL 2021 with the sector default hearing thresholds of 办法2015.
    ...BASE,
    version: 'apl2021-sector2015',
    effectiveFrom: '2021-07-15',
    hearingThresholdFen: { person: 20_000_00, organization: 50_000_00 },
  },
  {
    // 重庆市行政处罚听证程序规定 (市政府令第354号).
    ...BASE,
    version: 'apl2021-chongqing2023',
    effectiveFrom: '2023-03-01',
    hearingThresholdFen: { person: 5_000_00, organization: 50_000_00 },
  },
];

/** The rule set in force on `date` (the latest whose effective date is not after it). */
export function ruleSetOn(date: CalendarDate, ruleSets: readonly PenaltyRuleSet[] = RULE_SETS): PenaltyRuleSet {
  const inForce = ruleSets.filter((rules) => rules.effectiveFrom <= date).at(-1);
  if (!inForce) throw new Error(`no penalty rule set in force on ${date}`);
  return inForce;
}

export function isHearingEligible(penalties: readonly Penalty[], party: PartyKind, rules: PenaltyRuleSet): boolean {
  const threshold = rules.hearingThresholdFen[party];
  return (
    penalties.some((p) => rules.hearingEligibleTypes.includes(p.type)) ||
    totalFen(penalties, 'fine') >= threshold ||
    totalFen(penalties, 'confiscation') >= threshold
  );
}

/** APL Art. 51: only a warning and/or a fine within the limit may be imposed on the spot. */
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
