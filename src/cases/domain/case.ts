import type { DomainEvent } from '../../eventstore/command-handling.js';
import { type CalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import type { Discretion, Penalty } from './penalties.js';
import { type CasePerson, type PersonEvent, evolvePersons } from './persons.js';

export type CaseSource = 'routine' | 'random_draw' | 'special_campaign' | 'complaint' | 'referral' | 'accident';
export const CASE_SOURCES: readonly CaseSource[] = [
  'routine',
  'random_draw',
  'special_campaign',
  'complaint',
  'referral',
  'accident',
];

export type Party =
  | { readonly kind: 'organization'; readonly name: string; readonly creditCode: string; readonly legalRepresentative: string | null }
  | {
      readonly kind: 'person';
      readonly name: string;
      readonly idNumber: string;
      readonly phone: string | null;
      readonly address: string | null;
    };

export type Severity = 'general' | 'major';
export type RectificationMode = 'on_the_spot' | 'time_limited';
export type Procedure = 'simple' | 'general';
export type EvidenceKind = 'video' | 'photo' | 'audio' | 'document' | 'inquiry_record' | 'site_record';
export const EVIDENCE_KINDS: readonly EvidenceKind[] = ['video', 'photo', 'audio', 'document', 'inquiry_record', 'site_record'];
export type DeliveryMethod = 'in_person' | 'left_at_address' | 'post' | 'electronic' | 'public_notice';
export const DELIVERY_METHODS: readonly DeliveryMethod[] = ['in_person', 'left_at_address', 'post', 'electronic', 'public_notice'];
export type NoPenaltyReason = 'minor_corrected' | 'first_violation' | 'no_fault' | 'facts_not_established';
export const NO_PENALTY_REASONS: readonly NoPenaltyReason[] = [
  'minor_corrected',
  'first_violation',
  'no_fault',
  'facts_not_established',
];
export type ClosureReason = 'rectified' | 'no_hazards' | 'executed' | 'no_penalty' | 'revoked' | 'referred_for_enforcement';
export type RemedyKind = 'reconsideration' | 'lawsuit';
/** How a reconsideration (复议) or lawsuit ended: the decision stands, or was changed, revoked, found illegal or void. */
export type RemedyOutcome = 'upheld' | 'changed' | 'revoked' | 'confirmed_illegal' | 'confirmed_invalid';
export const REMEDY_OUTCOMES: readonly RemedyOutcome[] = ['upheld', 'changed', 'revoked', 'confirmed_illegal', 'confirmed_invalid'];
export interface Instalment {
  readonly dueOn: CalendarDate;
  readonly amountFen: number;
}

export interface Violation {
  readonly description: string;
  readonly legalBasis: string;
  /** When it was committed, or ended if it continued; absent: not stated, not checked. */
  readonly committedOn?: CalendarDate;
  /** It endangered life, health or financial security and caused harm (APL 2021 Art. 36: five years). */
  readonly harmful?: boolean;
}

/** When the step happened (an ISO instant); every case event carries it, so the state knows its own timeline. */
interface At {
  readonly occurredAt: string;
}

/** Computed deadlines remember the calendar they were computed on, and whether a year in them had no notice yet. */
export interface ComputedDeadline {
  readonly date: CalendarDate;
  readonly provisional: boolean;
  readonly calendarVersion: string;
}

export type CaseEvent =
  | DomainEvent<
      'CaseOpened',
      At & {
        caseId: string;
        agencyId: string;
        source: CaseSource;
        campaign: string | null;
        /** The inspection plan (双随机) that drew this inspection; absent on cases opened otherwise. */
        planId?: string;
        party: Party;
        officerIds: string[];
        location: string;
        summary: string;
      }
    >
  | DomainEvent<
      'HazardFound',
      At & { hazardId: string; description: string; severity: Severity; legalBasis: string | null; workHalted: boolean }
    >
  | DomainEvent<
      'RectificationOrdered',
      At & { orderId: string; hazardIds: string[]; mode: RectificationMode; dueDate: CalendarDate | null }
    >
  | DomainEvent<'RectificationChecked', At & { hazardIds: string[]; result: 'rectified' | 'not_rectified' }>
  | DomainEvent<
      'CaseFiled',
      At & {
        procedure: Procedure;
        violations: Violation[];
        approvedBy: string;
        intendedPenalties: Penalty[];
        complex: boolean;
        decisionDeadline: ComputedDeadline;
        ruleSetVersion: string;
      }
    >
  | DomainEvent<
      'EvidenceRecorded',
      At & EvidenceFacts
    >
  | DomainEvent<'EvidenceAccessed', At & { evidenceId: string; accessedBy: string; reason: string }>
  | DomainEvent<
      'PenaltyNoticeIssued',
      At & {
        penalties: Penalty[];
        discretion: Discretion;
        discretionReason: string | null;
        legalBasis: string;
        hearingEligible: boolean;
        statementDeadline: ComputedDeadline;
        hearingRequestDeadline: ComputedDeadline | null;
        ruleSetVersion: string;
      }
    >
  | DomainEvent<'StatementRecorded', At & { summary: string; waived: boolean }>
  | DomainEvent<'HearingRequested', At & { requestedBy: string }>
  | DomainEvent<'HearingHeld', At & { chairOfficerId: string; summary: string }>
  | DomainEvent<'CollectiveDiscussionHeld', At & { participantIds: string[]; conclusion: string }>
  | DomainEvent<
      'DecisionPeriodExtended',
      At & {
        days: number;
        reason: string;
        approvedBy: string;
        /** Absent on extensions recorded before the approval level was: a head's. */
        approval?: 'head' | 'higher_authority';
        approvalReference?: string | null;
        decisionDeadline: ComputedDeadline;
      }
    >
  | DomainEvent<
      'DecisionMade',
      At & {
        outcome: 'penalty' | 'no_penalty';
        procedure: Procedure;
        decisionNumber: string;
        decisionDate: CalendarDate;
        penalties: Penalty[];
        discretion: Discretion;
        discretionReason: string | null;
        noPenaltyReason: NoPenaltyReason | null;
        /** 处罚依据; absent on decisions recorded before it was. */
        penaltyBasis?: string | null;
        decidedBy: string;
        ruleSetVersion: string;
      }
    >
  | DomainEvent<
      'DecisionDelivered',
      At & {
        method: DeliveryMethod;
        deliveredOn: CalendarDate;
        effectiveOn: CalendarDate;
        paymentDue: ComputedDeadline | null;
      }
    >
  | DomainEvent<'PaymentRecorded', At & { amountFen: number; paidOn: CalendarDate; surchargeDueFen: number }>
  | DomainEvent<'DecisionRevoked', At & { reason: string; revokedBy: string }>
  | DomainEvent<
      'PaymentDeferred',
      At & { kind: 'deferral' | 'instalments'; instalments: Instalment[]; reason: string; approvedBy: string }
    >
  | DomainEvent<'RemedyFiled', At & { kind: RemedyKind; filedOn: CalendarDate }>
  | DomainEvent<'RemedyConcluded', At & { kind: RemedyKind; concludedOn: CalendarDate; outcome: RemedyOutcome; reason: string }>
  | DomainEvent<'EnforcementReminderServed', At & { servedOn: CalendarDate; servedBy: string }>
  | DomainEvent<'CourtEnforcementApplied', At & { appliedOn: CalendarDate; court: string; appliedBy: string }>
  | DomainEvent<'CaseClosed', At & { reason: ClosureReason; closedBy: string }>
  | DomainEvent<'CaseCorrected', At & { reason: string; correction: string; approvedBy: string }>
  | DomainEvent<
      'LegalReviewSubmitted',
      At & { reviewId: string; round: number; requiredBy: string[]; proposedPenalties: Penalty[]; proposedOutcome: 'penalty' | 'no_penalty' }
    >
  | DomainEvent<'LegalReviewApproved', At & { reviewId: string; round: number; reviewerId: string }>
  | DomainEvent<'LegalReviewReturned', At & { reviewId: string; round: number; reviewerId: string }>
  | PersonEvent;

/** Steps after which a legal review no longer covers the case: it changed materially (new evidence, a new penalty). */
export const MATERIAL_CHANGES: readonly CaseEvent['type'][] = [
  'EvidenceRecorded',
  'PenaltyNoticeIssued',
  'StatementRecorded',
  'HearingHeld',
  'CaseCorrected',
];

export type CaseEventType = CaseEvent['type'];

export interface Hazard {
  readonly hazardId: string;
  readonly description: string;
  readonly severity: Severity;
  readonly legalBasis: string | null;
  readonly workHalted: boolean;
  readonly foundAt: string;
  readonly rectification: 'none' | 'ordered' | 'rectified';
  readonly order: { readonly mode: RectificationMode; readonly dueDate: CalendarDate | null } | null;
}

/** What an officer states about a piece of evidence: the command carries it, the event records it, the state keeps it. */
export interface EvidenceFacts {
  evidenceId: string;
  kind: EvidenceKind;
  sha256: string;
  sizeBytes: number;
  uri: string;
  capturedBy: string;
  description: string;
  supersedes: string | null;
}

export interface Evidence extends Readonly<EvidenceFacts> {
  readonly recordedAt: string;
  readonly supersededBy: string | null;
}

export type CaseStatus = 'open' | 'filed' | 'noticed' | 'decided' | 'delivered' | 'closed';

export interface OpenedCase {
  readonly status: CaseStatus;
  readonly caseId: string;
  readonly agencyId: string;
  readonly source: CaseSource;
  readonly campaign: string | null;
  readonly planId: string | null;
  readonly party: Party;
  /** The natural persons of the case, the party's own record included when there is one (persons.ts). */
  readonly persons: readonly CasePerson[];
  readonly officerIds: readonly string[];
  readonly location: string;
  readonly summary: string;
  readonly openedAt: string;
  /** The latest occurred-at of any step: a later step may not claim to have happened before it. */
  readonly lastOccurredAt: string;
  readonly hazards: readonly Hazard[];
  readonly evidence: readonly Evidence[];
  readonly filing: {
    readonly procedure: Procedure;
    readonly violations: readonly Violation[];
    readonly approvedBy: string;
    readonly intendedPenalties: readonly Penalty[];
    readonly complex: boolean;
    readonly filedAt: string;
    readonly decisionDeadline: ComputedDeadline;
    readonly ruleSetVersion: string;
    /** Extensions of the decision period recorded so far, and the days they added. */
    readonly extensions: number;
    readonly extendedDays: number;
  } | null;
  readonly notice: {
    readonly penalties: readonly Penalty[];
    readonly discretion: Discretion;
    readonly discretionReason: string | null;
    readonly legalBasis: string;
    readonly hearingEligible: boolean;
    readonly noticedAt: string;
    readonly statementDeadline: ComputedDeadline;
    readonly hearingRequestDeadline: ComputedDeadline | null;
    readonly ruleSetVersion: string;
  } | null;
  readonly statements: readonly { readonly summary: string; readonly waived: boolean; readonly at: string }[];
  readonly hearing: { readonly requestedAt: string; readonly heldAt: string | null; readonly chairOfficerId: string | null } | null;
  readonly collectiveDiscussion: { readonly participantIds: readonly string[]; readonly conclusion: string; readonly at: string } | null;
  readonly decision: {
    readonly outcome: 'penalty' | 'no_penalty';
    readonly procedure: Procedure;
    readonly decisionNumber: string;
    readonly decisionDate: CalendarDate;
    readonly penalties: readonly Penalty[];
    readonly discretion: Discretion;
    readonly discretionReason: string | null;
    readonly noPenaltyReason: NoPenaltyReason | null;
    readonly penaltyBasis?: string | null;
    readonly decidedBy: string;
    readonly ruleSetVersion: string;
  } | null;
  readonly delivery: {
    readonly method: DeliveryMethod;
    readonly deliveredOn: CalendarDate;
    readonly effectiveOn: CalendarDate;
    readonly paymentDue: ComputedDeadline | null;
  } | null;
  readonly payments: readonly { readonly amountFen: number; readonly paidOn: CalendarDate; readonly surchargeDueFen: number }[];
  readonly revocation: { readonly reason: string; readonly revokedBy: string; readonly at: string } | null;
  /** 暂缓或者分期缴纳 (APL 2021 Art. 66, 2017 Art. 52), as approved. */
  readonly deferral: { readonly kind: 'deferral' | 'instalments'; readonly grantedOn: CalendarDate; readonly instalments: readonly Instalment[] } | null;
  readonly remedies: readonly {
    readonly kind: RemedyKind;
    readonly filedOn: CalendarDate;
    readonly concludedOn: CalendarDate | null;
    readonly outcome: RemedyOutcome | null;
  }[];
  /** 催告 and the application to the court (行政强制法 Arts. 53-54). */
  readonly enforcement: { readonly reminderServedOn: CalendarDate; readonly appliedOn: CalendarDate | null; readonly court: string | null } | null;
  readonly closure: { readonly reason: ClosureReason; readonly closedBy: string; readonly at: string } | null;
  readonly legalReview: {
    readonly reviewId: string;
    readonly round: number;
    readonly status: 'pending' | 'approved' | 'returned';
    /** The case changed materially after it was submitted: the opinion, whatever it is, covers an older file. */
    readonly stale: boolean;
    readonly reviewerId: string | null;
    readonly requiredBy: readonly string[];
    readonly proposedOutcome: 'penalty' | 'no_penalty';
    readonly proposedPenalties: readonly Penalty[];
  } | null;
}

export type CaseState = { readonly status: 'none' } | OpenedCase;

export const initialCase = (): CaseState => ({ status: 'none' });

export const caseStreamId = (caseId: string): string => `case-${caseId}`;

const latest = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a);

function evolveOpened(state: OpenedCase, event: CaseEvent): OpenedCase {
  const at = event.data.occurredAt;
  const next = { ...state, lastOccurredAt: latest(state.lastOccurredAt, at) };
  switch (event.type) {
    case 'CaseOpened':
      return next;
    case 'HazardFound': {
      const { occurredAt: _o, ...found } = event.data;
      return { ...next, hazards: [...state.hazards, { ...found, foundAt: at, rectification: 'none', order: null }] };
    }
    case 'RectificationOrdered': {
      const { hazardIds, mode, dueDate } = event.data;
      return {
        ...next,
        hazards: state.hazards.map((h) =>
          hazardIds.includes(h.hazardId) ? { ...h, rectification: 'ordered', order: { mode, dueDate } } : h,
        ),
      };
    }
    case 'RectificationChecked': {
      if (event.data.result !== 'rectified') return next;
      const { hazardIds } = event.data;
      return {
        ...next,
        hazards: state.hazards.map((h) => (hazardIds.includes(h.hazardId) ? { ...h, rectification: 'rectified' } : h)),
      };
    }
    case 'CaseFiled': {
      const { occurredAt: _o, ...filing } = event.data;
      return { ...next, status: 'filed', filing: { ...filing, filedAt: at, extensions: 0, extendedDays: 0 } };
    }
    case 'EvidenceRecorded': {
      const { occurredAt: _o, ...evidence } = event.data;
      return {
        ...next,
        evidence: [
          ...state.evidence.map((e) => (e.evidenceId === evidence.supersedes ? { ...e, supersededBy: evidence.evidenceId } : e)),
          { ...evidence, recordedAt: at, supersededBy: null },
        ],
      };
    }
    case 'EvidenceAccessed':
      // Reading is recorded for the audit trail; it is not a step of the case.
      return state;
    case 'PenaltyNoticeIssued': {
      const { occurredAt: _o, ...notice } = event.data;
      return { ...next, status: 'noticed', notice: { ...notice, noticedAt: at } };
    }
    case 'StatementRecorded':
      return { ...next, statements: [...state.statements, { summary: event.data.summary, waived: event.data.waived, at }] };
    case 'HearingRequested':
      return { ...next, hearing: { requestedAt: at, heldAt: null, chairOfficerId: null } };
    case 'HearingHeld':
      return {
        ...next,
        hearing: { requestedAt: state.hearing?.requestedAt ?? at, heldAt: at, chairOfficerId: event.data.chairOfficerId },
      };
    case 'CollectiveDiscussionHeld':
      return {
        ...next,
        collectiveDiscussion: { participantIds: event.data.participantIds, conclusion: event.data.conclusion, at },
      };
    case 'DecisionPeriodExtended':
      return state.filing
        ? {
            ...next,
            filing: {
              ...state.filing,
              decisionDeadline: event.data.decisionDeadline,
              extensions: state.filing.extensions + 1,
              extendedDays: state.filing.extendedDays + event.data.days,
            },
          }
        : next;
    case 'DecisionMade': {
      const { occurredAt: _o, ...decision } = event.data;
      return { ...next, status: 'decided', decision };
    }
    case 'DecisionDelivered': {
      const { occurredAt: _o, ...delivery } = event.data;
      return { ...next, status: 'delivered', delivery };
    }
    case 'PaymentRecorded': {
      const { occurredAt: _o, ...payment } = event.data;
      return { ...next, payments: [...state.payments, payment] };
    }
    case 'DecisionRevoked':
      return { ...next, revocation: { reason: event.data.reason, revokedBy: event.data.revokedBy, at } };
    case 'PaymentDeferred':
      return {
        ...next,
        deferral: { kind: event.data.kind, grantedOn: shanghaiDate(at), instalments: event.data.instalments },
      };
    case 'RemedyFiled':
      return {
        ...next,
        remedies: [...state.remedies, { kind: event.data.kind, filedOn: event.data.filedOn, concludedOn: null, outcome: null }],
      };
    case 'RemedyConcluded': {
      const open = state.remedies.findLastIndex((r) => r.kind === event.data.kind && r.concludedOn === null);
      const remedies = state.remedies.map((r, i) =>
        i === open ? { ...r, concludedOn: event.data.concludedOn, outcome: event.data.outcome } : r,
      );
      // A decision revoked or found void by the reconsideration body or the court is gone, as if the agency revoked it.
      const revoked = event.data.outcome === 'revoked' || event.data.outcome === 'confirmed_invalid';
      return revoked && !state.revocation
        ? { ...next, remedies, revocation: { reason: event.data.reason, revokedBy: event.data.kind, at } }
        : { ...next, remedies };
    }
    case 'EnforcementReminderServed':
      return { ...next, enforcement: { reminderServedOn: event.data.servedOn, appliedOn: null, court: null } };
    case 'CourtEnforcementApplied':
      return state.enforcement
        ? { ...next, enforcement: { ...state.enforcement, appliedOn: event.data.appliedOn, court: event.data.court } }
        : next;
    case 'CaseClosed':
      return { ...next, status: 'closed', closure: { reason: event.data.reason, closedBy: event.data.closedBy, at } };
    case 'CaseCorrected':
      return next;
    case 'LegalReviewSubmitted': {
      const { reviewId, round, requiredBy, proposedOutcome, proposedPenalties } = event.data;
      return {
        ...next,
        legalReview: { reviewId, round, status: 'pending', stale: false, reviewerId: null, requiredBy, proposedOutcome, proposedPenalties },
      };
    }
    case 'LegalReviewApproved':
    case 'LegalReviewReturned':
      return state.legalReview
        ? {
            ...next,
            legalReview: {
              ...state.legalReview,
              status: event.type === 'LegalReviewApproved' ? 'approved' : 'returned',
              reviewerId: event.data.reviewerId,
            },
          }
        : next;
    case 'CasePersonRecorded':
    case 'CasePersonRemoved':
      return { ...next, persons: evolvePersons(state.persons, event) };
    default: {
      // Exhaustive at compile time; at run time a stream may also hold events of other concerns (alerts): skip them.
      void (event satisfies never);
      return state;
    }
  }
}

function markStale(state: OpenedCase, event: CaseEvent): OpenedCase {
  if (!state.legalReview || !MATERIAL_CHANGES.includes(event.type)) return state;
  return { ...state, legalReview: { ...state.legalReview, stale: true } };
}

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (state.status === 'none') {
    if (event.type !== 'CaseOpened') return state;
    const { occurredAt, ...opened } = event.data;
    return {
      status: 'open',
      ...opened,
      planId: opened.planId ?? null,
      persons: [],
      openedAt: occurredAt,
      lastOccurredAt: occurredAt,
      hazards: [],
      evidence: [],
      filing: null,
      notice: null,
      statements: [],
      hearing: null,
      collectiveDiscussion: null,
      decision: null,
      delivery: null,
      payments: [],
      revocation: null,
      deferral: null,
      remedies: [],
      enforcement: null,
      closure: null,
      legalReview: null,
    };
  }
  return markStale(evolveOpened(state, event), event);
}
