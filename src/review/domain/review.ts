import type { DomainEvent } from '../../eventstore/command-handling.js';
import type { ComputedDeadline } from '../../cases/domain/case.js';
import type { Discretion, Penalty } from '../../cases/domain/penalties.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import type { CatalogueRuleId, ReviewFlagKind } from './catalogue.js';

/** The points a legal reviewer checks (国办发〔2018〕118号). */
export const FINDING_POINTS = [
  'subject',
  'authority',
  'procedure',
  'facts',
  'evidence',
  'lawApplication',
  'discretion',
  'documents',
  'crimeTransfer',
] as const;
export type FindingPoint = (typeof FINDING_POINTS)[number];

export interface Finding {
  /** false: a problem was found on this point (for crimeTransfer: a suspected crime to transfer). */
  readonly ok: boolean;
  readonly note: string | null;
}
export type Findings = Readonly<Record<FindingPoint, Finding>>;

export interface ProposedDecision {
  readonly outcome: 'penalty' | 'no_penalty';
  readonly penalties: readonly Penalty[];
  readonly discretion: Discretion;
  readonly discretionReason: string | null;
}

export interface ReviewFlag {
  readonly kind: ReviewFlagKind;
  readonly reason: string;
}

export type ReviewOutcome = 'approved' | 'returned';

export type ReviewEvent =
  | DomainEvent<
      'ReviewSubmitted',
      {
        occurredAt: string;
        reviewId: string;
        caseId: string;
        agencyId: string;
        round: number;
        /** The case version the review looks at: later material changes need a new round. */
        caseVersion: number;
        submittedBy: string;
        proposedDecision: ProposedDecision;
        flags: ReviewFlag[];
        requiredBy: CatalogueRuleId[];
        catalogueVersion: string;
        timeLimitWorkingDays: number;
        dueDate: ComputedDeadline;
        subject: { partyName: string; partyKind: 'organization' | 'person' };
      }
    >
  | DomainEvent<
      'ReviewOpinionGiven',
      { occurredAt: string; reviewId: string; round: number; reviewerId: string; outcome: ReviewOutcome; findings: Findings; opinion: string }
    >
  | DomainEvent<
      'ReviewExtended',
      { occurredAt: string; reviewId: string; round: number; reason: string; extendedFrom: CalendarDate; dueDate: ComputedDeadline }
    >;

export type Review =
  | { readonly status: 'none' }
  | {
      readonly status: 'pending' | ReviewOutcome;
      readonly reviewId: string;
      readonly caseId: string;
      readonly agencyId: string;
      readonly round: number;
      readonly caseVersion: number;
      readonly dueDate: ComputedDeadline;
      readonly extended: boolean;
      readonly submittedAt: string;
      readonly lastOccurredAt: string;
      readonly proposedDecision: ProposedDecision;
      readonly reviewerId: string | null;
    };

export const initialReview = (): Review => ({ status: 'none' });
export const reviewStreamId = (reviewId: string): string => `review-${reviewId}`;

export function evolveReview(state: Review, event: ReviewEvent): Review {
  switch (event.type) {
    case 'ReviewSubmitted': {
      const { reviewId, caseId, agencyId, round, caseVersion, dueDate, proposedDecision, occurredAt } = event.data;
      return {
        status: 'pending',
        reviewId,
        caseId,
        agencyId,
        round,
        caseVersion,
        dueDate,
        extended: false,
        submittedAt: occurredAt,
        lastOccurredAt: occurredAt,
        proposedDecision,
        reviewerId: null,
      };
    }
    case 'ReviewOpinionGiven':
      return state.status === 'none'
        ? state
        : { ...state, status: event.data.outcome, reviewerId: event.data.reviewerId, lastOccurredAt: event.data.occurredAt };
    case 'ReviewExtended':
      return state.status === 'none'
        ? state
        : { ...state, extended: true, dueDate: event.data.dueDate, lastOccurredAt: event.data.occurredAt };
    default: {
      // Exhaustive at compile time; at run time a stream may also hold events of other concerns (alerts): skip them.
      void (event satisfies never);
      return state;
    }
  }
}
