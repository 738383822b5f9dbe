import type { OpenedCase, Party, Violation } from '../../cases/domain/case.js';
import { type Penalty, totalFen } from '../../cases/domain/penalties.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { LICENSING_OUTCOME_TEXT, type LicensingEvent } from './licensing.js';
import { redactDeep } from './redaction.js';

/** The fields of a penalty record in the national "double publicity" (双公示) format, as they go public. */
export interface PublicRecord {
  readonly partyName: string;
  readonly partyKind: 'organization' | 'person';
  readonly creditCode: string | null;
  readonly legalRepresentative: string | null;
  readonly decisionNumber: string;
  readonly decisionDate: CalendarDate;
  readonly violations: readonly Violation[];
  /** 处罚依据: the provision the penalty was imposed under (the violated ones are in `violations`). */
  readonly penaltyBasis: string | null;
  readonly penalties: readonly { readonly type: string; readonly content: string }[];
  readonly finesWanYuan: string | null;
  readonly confiscatedWanYuan: string | null;
  readonly agencyName: string;
  readonly agencyCreditCode: string;
  /** How long it stays public: work-safety penalties at least one year [U: configurable]. */
  readonly publicUntil: CalendarDate;
}

/** The public record of a licensing decision. */
export interface LicensingRecord {
  readonly partyName: string;
  readonly partyKind: 'organization' | 'person';
  readonly creditCode: string | null;
  readonly decisionNumber: string;
  readonly decisionDate: CalendarDate;
  readonly licence: string;
  readonly outcome: string;
  readonly agencyName: string;
  readonly agencyCreditCode: string;
  readonly publicUntil: CalendarDate;
}

export function licensingRecord(
  decision: LicensingEvent['data'],
  agency: { readonly name: string; readonly creditCode: string },
): LicensingRecord {
  const party = decision.party;
  const record: LicensingRecord = {
    partyName: party.name,
    partyKind: party.kind,
    creditCode: party.kind === 'organization' ? party.creditCode : null,
    decisionNumber: decision.decisionNumber,
    decisionDate: decision.decisionDate,
    licence: decision.licence,
    outcome: LICENSING_OUTCOME_TEXT[decision.outcome],
    agencyName: agency.name,
    agencyCreditCode: agency.creditCode,
    publicUntil: addYears(decision.decisionDate, 1),
  };
  return redactRecord(record, party);
}

/**
 * Removes the party's personal data from every field of a record, free text included, but leaves the unified social
 * credit codes: an organization's public identifiers, checked when recorded, which the number patterns of redaction
 * would otherwise take for a bank account when all their digits come first (11500111009294712Y).
 */
function redactRecord<T extends { readonly creditCode: string | null; readonly agencyCreditCode: string }>(record: T, party: Party): T {
  const personal = party.kind === 'person' ? [party.idNumber, party.phone ?? '', party.address ?? ''] : [];
  return { ...redactDeep(record, { values: personal }), creditCode: record.creditCode, agencyCreditCode: record.agencyCreditCode };
}

/** 万元 with 4 decimals, from fen (the report's unit: 2415.1675万元). */
export function wanYuan(fen: number): string {
  const yuan = Math.round(fen / 100);
  return `${Math.floor(yuan / 10_000)}.${String(yuan % 10_000).padStart(4, '0')}`;
}

const yuanText = (fen: number): string => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

function content(penalty: Penalty): string | null {
  switch (penalty.type) {
    case 'warning':
      return '警告';
    case 'fine':
      return `罚款人民币${yuanText(penalty.amountFen)}元`;
    case 'confiscation':
      return `没收违法所得、非法财物人民币${yuanText(penalty.amountFen)}元`;
    case 'suspension_order':
      return '责令停产停业';
    case 'licence_suspension':
      return `暂扣${penalty.licence}`;
    case 'licence_revocation':
      return `吊销${penalty.licence}`;
    case 'detention':
      return `行政拘留${penalty.days}日`;
    case 'detention_referral':
      // A referral to public security is not a penalty of this agency.
      return null;
  }
}

const addYears = (date: CalendarDate, years: number): CalendarDate =>
  `${Number(date.slice(0, 4)) + years}${date.slice(4)}`.replace(/-02-29$/, '-02-28');

/** A natural person under 18 on the day of the decision is not published (工商 publication rules, Art. 5). */
export function isMinorOn(idNumber: string, date: CalendarDate): boolean {
  const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  return addYears(birth, 18) > date;
}

/** The public record of a penalty decision, redacted: the party's personal data appears nowhere in it. */
export function penaltyRecord(
  state: OpenedCase,
  agency: { readonly name: string; readonly creditCode: string },
): PublicRecord {
  const decision = state.decision;
  if (!decision) throw new Error(`case ${state.caseId} has no decision to publish`);
  const party = state.party;
  const fines = totalFen(decision.penalties, 'fine');
  const confiscated = totalFen(decision.penalties, 'confiscation');
  const record: PublicRecord = {
    partyName: party.name,
    partyKind: party.kind,
    creditCode: party.kind === 'organization' ? party.creditCode : null,
    legalRepresentative: party.kind === 'organization' ? party.legalRepresentative : null,
    decisionNumber: decision.decisionNumber,
    decisionDate: decision.decisionDate,
    violations: state.filing?.violations ?? [],
    // Decisions recorded before they named it took the notice's.
    penaltyBasis: decision.penaltyBasis ?? state.notice?.legalBasis ?? null,
    penalties: decision.penalties.flatMap((penalty) => {
      const text = content(penalty);
      return text === null ? [] : [{ type: penalty.type, content: text }];
    }),
    finesWanYuan: fines > 0 ? wanYuan(fines) : null,
    confiscatedWanYuan: confiscated > 0 ? wanYuan(confiscated) : null,
    agencyName: agency.name,
    agencyCreditCode: agency.creditCode,
    publicUntil: addYears(decision.decisionDate, 1),
  };
  return redactRecord(record, party);
}
