import { type CalendarDate } from '../../shared/domain/calendar-date.js';
import { DomainError } from '../../shared/domain/errors.js';

/**
 * How long a record (and with it the personal data in it) is kept, from when. No national period for work-safety
 * enforcement case files was confirmed (domain reference §2.2: "no national period found [U]; archive rules
 * apply"), so every figure here is unverified configuration: set it to the agency's archive schedule.
 */
export type RecordKind = 'penalty_case' | 'case' | 'licensing';

export interface RetentionRule {
  readonly kind: RecordKind;
  readonly years: number;
  readonly from: 'case_closure' | 'decision_date';
  readonly basis: string;
  readonly verified: boolean;
  /** The environment variable that overrides `years`. */
  readonly variable: string;
}

const UNCONFIRMED = 'No national period confirmed; archive rules apply (domain reference §2.2 [U]). Set to the agency archive schedule.';

export const DEFAULT_RETENTION_RULES: readonly RetentionRule[] = [
  { kind: 'penalty_case', years: 30, from: 'case_closure', basis: UNCONFIRMED, verified: false, variable: 'RETENTION_YEARS_PENALTY_CASE' },
  { kind: 'case', years: 10, from: 'case_closure', basis: UNCONFIRMED, verified: false, variable: 'RETENTION_YEARS_CASE' },
  { kind: 'licensing', years: 30, from: 'decision_date', basis: UNCONFIRMED, verified: false, variable: 'RETENTION_YEARS_LICENSING' },
];

/** The rules with the years the environment sets; a value that is no whole number of years 1..100 is refused. */
export function retentionRulesFrom(env: Readonly<Record<string, string | undefined>>): readonly RetentionRule[] {
  return DEFAULT_RETENTION_RULES.map((rule) => {
    const raw = env[rule.variable];
    if (raw === undefined || raw === '') return rule;
    const years = Number(raw);
    if (!Number.isInteger(years) || years < 1 || years > 100) throw new Error(`${rule.variable} must be a whole number of years from 1 to 100`);
    return { ...rule, years, basis: `${rule.variable}=${years} (configured). ${UNCONFIRMED}` };
  });
}

/** What retention needs to know of a record the person appears in. */
export type RecordFacts =
  | { readonly recordId: string; readonly kind: 'penalty_case' | 'case'; readonly closedOn: CalendarDate | null }
  | { readonly recordId: string; readonly kind: 'licensing'; readonly decisionDate: CalendarDate }
  /** A record the retention rules do not know (or that is gone): kept, never erasable. */
  | { readonly recordId: string; readonly kind: 'unknown' };

export interface RecordRetention {
  readonly recordId: string;
  readonly kind: RecordKind | 'unknown';
  /** The first day the record's retention has passed; null while it has not started (an open case) or never ends. */
  readonly retainedUntil: CalendarDate | null;
  readonly basis: string;
}

function addYears(date: CalendarDate, years: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February in a year without it: the retention ends on 28 February, never a day later.
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

export function retentionOf(record: RecordFacts, rules: readonly RetentionRule[]): RecordRetention {
  if (record.kind === 'unknown') return { recordId: record.recordId, kind: 'unknown', retainedUntil: null, basis: 'not a record the retention rules know: kept' };
  const rule = rules.find((candidate) => candidate.kind === record.kind);
  if (!rule) throw new Error(`no retention rule for ${record.kind}`);
  const start = record.kind === 'licensing' ? record.decisionDate : record.closedOn;
  return {
    recordId: record.recordId,
    kind: record.kind,
    retainedUntil: start === null ? null : addYears(start, rule.years),
    basis: `${rule.years} years from ${rule.from === 'case_closure' ? 'the closure of the case' : 'the decision'}. ${rule.basis}`,
  };
}

/** The day from which the person may be erased: when the last record's retention has passed; null: not foreseeable. */
export function erasableFrom(records: readonly RecordRetention[]): CalendarDate | null {
  if (records.length === 0) return null;
  let latest: CalendarDate | null = null;
  for (const record of records) {
    if (record.retainedUntil === null) return null;
    if (latest === null || record.retainedUntil > latest) latest = record.retainedUntil;
  }
  return latest;
}

export const PersonalDataErrors = {
  retentionNotPassed: (subjectId: string, from: CalendarDate | null) =>
    new DomainError(
      'RETENTION_NOT_PASSED',
      from
        ? `The retention of a record ${subjectId} appears in runs until ${from}: until then the data can only be restricted`
        : `A record ${subjectId} appears in is still open or kept without end: the data can only be restricted`,
      'conflict',
      { subjectId, erasableFrom: from },
    ),
  alreadyErased: (subjectId: string) => new DomainError('PERSONAL_DATA_ERASED', `The personal data of ${subjectId} is already erased`, 'conflict', { subjectId }),
  unknownSubject: (subjectId: string) => new DomainError('DATA_SUBJECT_NOT_FOUND', `No personal data is kept for ${subjectId}`, 'not_found', { subjectId }),
};

/** Whether an erasure may go ahead today; throws the refusal otherwise. */
export function assertErasable(subjectId: string, records: readonly RecordRetention[], today: CalendarDate): CalendarDate {
  const from = erasableFrom(records);
  if (from === null || today < from) throw PersonalDataErrors.retentionNotPassed(subjectId, from);
  return from;
}
