import type { OpenedCase, Party, Violation } from '../../cases/domain/case.js';
import { type Penalty, totalFen } from '../../cases/domain/penalties.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { LICENSING_OUTCOME_TEXT, type LicensingEvent } from './licensing.js';
import { DomainError } from '../../shared/domain/errors.js';
import { type NaturalPerson, type Redacted, redactDeep, redactText } from './redaction.js';

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

/** The public record of a licensing decision, redacted: no personal data of the party or of `persons` appears in it. */
export function licensingRecord(
  decision: LicensingEvent['data'],
  agency: { readonly name: string; readonly creditCode: string },
  persons: readonly NaturalPerson[] = [],
): LicensingRecord {
  return licensingRecordWithDoubts(decision, agency, persons).value;
}

/** The same, with what redaction could not clean with confidence: a record with doubts is for a human to review first. */
export function licensingRecordWithDoubts(
  decision: LicensingEvent['data'],
  agency: { readonly name: string; readonly creditCode: string },
  persons: readonly NaturalPerson[] = [],
): Redacted<LicensingRecord> {
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
  return redactRecord(record, party, persons);
}

/** The fields that stay as recorded: the credit codes, public identifiers checked when recorded, and what the law makes public. */
const PUBLIC_FIELDS: ReadonlySet<string> = new Set(['creditCode', 'agencyCreditCode', 'agencyName', 'legalRepresentative']);

/**
 * Removes the personal data of the party and of the other natural persons of the case from every field of a record,
 * free text included. A person party's name becomes its 某某 form (李某某); the name of an individual business stays,
 * with its operator's name masked in it. An organization's name and legal representative are public and stay,
 * also where the free text names them.
 */
function redactRecord<T extends { readonly creditCode: string | null; readonly agencyCreditCode: string }>(
  record: T,
  party: Party,
  persons: readonly NaturalPerson[],
): Redacted<T> {
  const { natural, publicNames } = redactionOf({ party, persons });
  return redactDeep(record, natural, { keep: (path) => path.length === 1 && PUBLIC_FIELDS.has(String(path[0])), publicNames });
}

/** Whom a record is cleaned of: the party of the decision and the natural persons recorded on its case. */
export interface RedactionSubjects {
  readonly party: Party;
  readonly persons: readonly NaturalPerson[];
}

function redactionOf({ party, persons }: RedactionSubjects): { natural: NaturalPerson[]; publicNames: string[] } {
  const natural: NaturalPerson[] =
    party.kind === 'person'
      ? [{ role: 'party', name: personalNameIn(party.name), idNumber: party.idNumber, phone: party.phone, address: party.address }, ...persons]
      : [...persons];
  const publicNames = party.kind === 'organization' && party.legalRepresentative ? [party.legalRepresentative] : [];
  return { natural, publicNames };
}

/**
 * A text cleaned of every natural person of its record, the legal representative of an organisation included: what
 * an erasure keeps of a free text in place of the sealed original. Doubtful spots are cleaned too (and not reported:
 * no one publishes this copy, it only has to hold no one).
 */
export function cleanedOfPersons(text: string, { party, persons }: RedactionSubjects): string {
  const { natural } = redactionOf({ party, persons });
  const representative: NaturalPerson[] =
    party.kind === 'organization' && party.legalRepresentative ? [{ role: 'legal_representative', name: party.legalRepresentative }] : [];
  return redactText(text, [...natural, ...representative]).value;
}

/** A reviewer's public text for one field of a held record, named by its path (`violations.0.description`). */
export interface RecordCorrection {
  readonly field: string;
  readonly text: string;
}

/** The free texts of a record a reviewer may rewrite; identifiers, dates, amounts and what the law makes public stay. */
export const CORRECTABLE_FIELD = /^(?:partyName|penaltyBasis|licence|violations\.\d{1,3}\.(?:description|legalBasis)|penalties\.\d{1,3}\.content)$/;

export const RecordCorrectionErrors = {
  notCorrectable: (field: string) =>
    new DomainError('RECORD_FIELD_NOT_CORRECTABLE', `${field} is not a free text of this record that a reviewer may rewrite`, 'invalid', { field }),
  doubtsRemain: (field: string, doubts: readonly { code: string; excerpt: string }[]) =>
    new DomainError('REDACTION_DOUBTS_REMAIN', `The corrected text of ${field} still holds what redaction cannot clean with confidence`, 'conflict', {
      field,
      doubts,
    }),
  holdsPersonalData: (field: string, redacted: string) =>
    new DomainError('CORRECTION_HOLDS_PERSONAL_DATA', `The corrected text of ${field} holds personal data`, 'conflict', { field, redacted }),
} as const;

/**
 * The held record with a reviewer's corrected texts. Each text is redacted again as the record was: one that redaction
 * would still change (it holds personal data) or doubts is refused, so that nothing a human wrote goes out unchecked.
 */
export function correctRecord<T extends PublicRecord | LicensingRecord>(record: T, corrections: readonly RecordCorrection[], subjects: RedactionSubjects): T {
  const { natural, publicNames } = redactionOf(subjects);
  const corrected = structuredClone(record) as unknown as Record<string, unknown>;
  for (const { field, text } of corrections) {
    if (!CORRECTABLE_FIELD.test(field)) throw RecordCorrectionErrors.notCorrectable(field);
    const path = field.split('.');
    const key = path.pop() ?? '';
    let holder: unknown = corrected;
    for (const step of path) holder = (holder as Record<string, unknown> | undefined)?.[step];
    if (typeof holder !== 'object' || holder === null || typeof (holder as Record<string, unknown>)[key] !== 'string') {
      throw RecordCorrectionErrors.notCorrectable(field);
    }
    const redacted = redactText(text, natural, { publicNames });
    if (redacted.doubts.length > 0) throw RecordCorrectionErrors.doubtsRemain(field, redacted.doubts);
    if (redacted.value !== text) throw RecordCorrectionErrors.holdsPersonalData(field, redacted.value);
    (holder as Record<string, unknown>)[key] = text;
  }
  return corrected as unknown as T;
}

/** What ends the name of an individual business (幸福五金店, 老李农家乐): such a party's name is no personal name. */
const BUSINESS_NAME_END = /(?:店|厂|部|行|馆|社|坊|铺|场|站|所|市|院|室|园|中心|公司|商行|超市|门市|诊所|农家乐|酒家|饭庄|作坊|工作室|经营部|加工点|养殖场|个体工商户)$/u;

/**
 * The natural person's name in the name a person party was recorded with: all of it (李小明), the name before the
 * business it runs (李小明（幸福五金店经营者）), or none for the name of an individual business (大足区幸福五金店).
 */
function personalNameIn(recorded: string): string {
  const name = recorded.trim();
  const before = /^([\p{sc=Han}·]{2,6})[（(]/u.exec(name)?.[1];
  if (before !== undefined) return before;
  return [...name].length <= 4 && !BUSINESS_NAME_END.test(name) ? name : '';
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

/** The public record of a penalty decision, redacted: no personal data of the party or of `persons` appears in it. */
export function penaltyRecord(
  state: OpenedCase,
  agency: { readonly name: string; readonly creditCode: string },
  persons: readonly NaturalPerson[] = [],
): PublicRecord {
  return penaltyRecordWithDoubts(state, agency, persons).value;
}

/** The same, with what redaction could not clean with confidence: a record with doubts is for a human to review first. */
export function penaltyRecordWithDoubts(
  state: OpenedCase,
  agency: { readonly name: string; readonly creditCode: string },
  persons: readonly NaturalPerson[] = [],
): Redacted<PublicRecord> {
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
  return redactRecord(record, party, persons);
}
