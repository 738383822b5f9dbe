import type { AgencyPower } from '../../identity/domain/agency.js';

export type PartyKind = 'organization' | 'person';

/** The penalty types of APL Art. 9 that casetrail records, plus a referral of detention to public security. */
export type Penalty =
  | { readonly type: 'warning' }
  | { readonly type: 'fine'; readonly amountFen: number }
  | { readonly type: 'confiscation'; readonly amountFen: number }
  | { readonly type: 'suspension_order' }
  | { readonly type: 'licence_suspension'; readonly licence: string }
  | { readonly type: 'licence_revocation'; readonly licence: string }
  | { readonly type: 'detention_referral' }
  | { readonly type: 'detention'; readonly days: number };

export type PenaltyType = Penalty['type'];

export const PENALTY_TYPES: readonly PenaltyType[] = [
  'warning',
  'fine',
  'confiscation',
  'suspension_order',
  'licence_suspension',
  'licence_revocation',
  'detention_referral',
  'detention',
];

/** 从轻 (lighter: the low end of the range) and 减轻 (mitigated: below the minimum or a lighter type), APL Art. 32. */
export type Discretion = 'standard' | 'lighter' | 'mitigated';

/** The power an agency must hold to impose a penalty type; warnings, fines and referrals need none beyond its own. */
export const POWER_FOR: Partial<Record<PenaltyType, AgencyPower>> = {
  confiscation: 'confiscation',
  suspension_order: 'production_suspension',
  licence_suspension: 'licence_suspension',
  licence_revocation: 'licence_revocation',
  detention: 'detention',
};

export const totalFen = (penalties: readonly Penalty[], type: 'fine' | 'confiscation'): number =>
  penalties.reduce((sum, p) => (p.type === type ? sum + p.amountFen : sum), 0);

const detentionDays = (penalties: readonly Penalty[]): number =>
  penalties.reduce((sum, p) => (p.type === 'detention' ? sum + p.days : sum), 0);

/**
 * Whether `decided` is heavier than `noticed`: a penalty type the notice did not announce (other than a warning
 * beside it), or a larger amount or longer detention than announced.
 */
export function isHeavier(decided: readonly Penalty[], noticed: readonly Penalty[]): boolean {
  const noticedTypes = new Set(noticed.map((p) => p.type));
  if (decided.some((p) => !noticedTypes.has(p.type))) return true;
  return (
    totalFen(decided, 'fine') > totalFen(noticed, 'fine') ||
    totalFen(decided, 'confiscation') > totalFen(noticed, 'confiscation') ||
    detentionDays(decided) > detentionDays(noticed)
  );
}
