import { caseStreamId } from '../cases/domain/case.js';
import type { PersonalDataDeclaration } from '../eventstore/personal-data/registry.js';
import { FINDING_POINTS } from '../review/domain/review.js';

/** What an erased name or number reads as; optional fields (phone, address) read as absent. */
export const ERASED = '[已删除]';

const PERSON_FIELDS = { name: ERASED, idNumber: ERASED, phone: null, address: null } as const;
const ownStream = ({ streamId }: { streamId: string }): string => streamId;
const sourceStream = ({ data }: { data: unknown }): string => (data as { sourceStreamId: string }).sourceStreamId;

/** The data subject of the free texts of a stream (a case's, a review's): shredded with the persons of its record. */
export const textSubjectOf = (streamId: string): string => `text:${streamId}`;

/**
 * Free texts officers and reviewers write (descriptions, statements, reasons, opinions): any of them may name a
 * person, so each is sealed under the subject of its stream's texts, whatever the party is. Erasing a person of the
 * record shreds them, after keeping a copy cleaned of the record's persons (docs/retention.md).
 */
const FREE_TEXTS: readonly (readonly [eventType: string, path: string, fields: readonly string[]])[] = [
  ['CaseOpened', '', ['summary', 'location']],
  ['HazardFound', '', ['description']],
  ['CaseFiled', 'violations.[]', ['description']],
  ['EvidenceRecorded', '', ['description']],
  ['EvidenceAccessed', '', ['reason']],
  ['PenaltyNoticeIssued', '', ['discretionReason']],
  ['StatementRecorded', '', ['summary']],
  ['HearingHeld', '', ['summary']],
  ['CollectiveDiscussionHeld', '', ['conclusion']],
  ['DecisionPeriodExtended', '', ['reason']],
  ['DecisionMade', '', ['discretionReason']],
  ['DecisionRevoked', '', ['reason']],
  ['PaymentDeferred', '', ['reason']],
  ['RemedyConcluded', '', ['reason']],
  ['CaseCorrected', '', ['reason', 'correction']],
  ['CasePersonRemoved', '', ['reason']],
  ['ReviewSubmitted', 'proposedDecision', ['discretionReason']],
  ['ReviewOpinionGiven', '', ['opinion']],
  ...FINDING_POINTS.map((point) => ['ReviewOpinionGiven', `findings.${point}`, ['note']] as const),
  ['ReviewExtended', '', ['reason']],
];

const FREE_TEXT_DECLARATIONS: readonly PersonalDataDeclaration[] = FREE_TEXTS.map(([eventType, path, fields]) => ({
  eventType,
  path,
  subject: (_object, { streamId }) => textSubjectOf(streamId),
  record: ownStream,
  fields: Object.fromEntries(fields.map((field) => [field, ERASED])),
}));

/**
 * Every event type that carries personal data of natural persons, and where. A party is its record's subject
 * (`party:<stream>`), the legal representative of an organisation too (`representative:<stream>`), and a person
 * recorded on a case is `person:<case stream>:<personId>`; the published record of a decision is sealed under the
 * subject of the case or licensing decision it comes from, so erasing the person reaches it.
 */
export const PERSONAL_DATA_DECLARATIONS: readonly PersonalDataDeclaration[] = [
  {
    eventType: 'CaseOpened',
    path: 'party',
    subject: (party, { streamId }) => (party.kind === 'person' ? `party:${streamId}` : null),
    record: ownStream,
    fields: PERSON_FIELDS,
  },
  {
    eventType: 'CaseOpened',
    path: 'party',
    subject: (party, { streamId }) => (party.kind === 'organization' && party.legalRepresentative ? `representative:${streamId}` : null),
    record: ownStream,
    fields: { legalRepresentative: ERASED },
  },
  {
    eventType: 'LicensingDecisionMade',
    path: 'party',
    subject: (party, { streamId }) => (party.kind === 'person' ? `party:${streamId}` : null),
    record: ownStream,
    fields: PERSON_FIELDS,
  },
  {
    eventType: 'LicensingDecisionMade',
    path: 'party',
    subject: (party, { streamId }) => (party.kind === 'organization' && party.legalRepresentative ? `representative:${streamId}` : null),
    record: ownStream,
    fields: { legalRepresentative: ERASED },
  },
  {
    eventType: 'CasePersonRecorded',
    path: 'person',
    subject: (person, { streamId }) => (typeof person.personId === 'string' ? `person:${streamId}:${person.personId}` : null),
    record: ownStream,
    fields: PERSON_FIELDS,
  },
  {
    eventType: 'ReviewSubmitted',
    path: 'subject',
    subject: (subject, { data }) => (subject.partyKind === 'person' ? `party:${caseStreamId((data as { caseId: string }).caseId)}` : null),
    record: ({ data }) => caseStreamId((data as { caseId: string }).caseId),
    fields: { partyName: ERASED },
  },
  // The record as prepared, and as a reviewer released it after redaction review.
  ...(['PublicationPrepared', 'PublicationRedactionReleased'] as const).flatMap((eventType): PersonalDataDeclaration[] => [
    {
      eventType,
      path: 'record',
      subject: (record, event) => (record.partyKind === 'person' ? `party:${sourceStream(event)}` : null),
      record: sourceStream,
      fields: { partyName: ERASED },
    },
    {
      eventType,
      path: 'record',
      subject: (record, event) => (record.partyKind === 'organization' && record.legalRepresentative ? `representative:${sourceStream(event)}` : null),
      record: sourceStream,
      fields: { legalRepresentative: ERASED },
    },
  ]),
  ...FREE_TEXT_DECLARATIONS,
];
