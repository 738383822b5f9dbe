import type { ComputedDeadline } from '../../cases/domain/case.js';
import type { DeadlineCalendar } from '../../cases/domain/case.decider.js';
import type { Decider, DomainEvent } from '../../eventstore/command-handling.js';
import { DomainError } from '../../shared/domain/errors.js';
import { type CalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import { type LicensingRecord, type PublicRecord, type RecordCorrection, type RedactionSubjects, correctRecord } from './public-record.js';
import type { RedactionDoubt } from './redaction.js';

/**
 * Publication within 7 working days of the decision (国办发〔2018〕118号, from 2019; the rule set of the decision says
 * which applies); withdrawal within 3 working days of a revocation [APL 48, 85].
 */
export const PUBLICATION_WORKING_DAYS = 7;
export const WITHDRAWAL_WORKING_DAYS = 3;

export type PublicationSource = 'penalty' | 'licensing';

export type PublicationEvent =
  | DomainEvent<
      'PublicationPrepared',
      {
        occurredAt: string;
        publicationId: string;
        source: PublicationSource;
        sourceStreamId: string;
        agencyId: string;
        decisionDate: CalendarDate;
        dueDate: ComputedDeadline | null;
        withheldReason: string | null;
        record: PublicRecord | LicensingRecord;
      }
    >
  /** Redaction had doubts: the record is held for a legal reviewer, not published; its deadline keeps running. */
  | DomainEvent<'PublicationHeldForRedactionReview', { occurredAt: string; doubts: RedactionDoubt[] }>
  /** A reviewer released the held record, as drafted or with corrected texts (themselves redacted without a doubt). */
  | DomainEvent<
      'PublicationRedactionReleased',
      {
        occurredAt: string;
        /** The decision's stream, as on PublicationPrepared: the record belongs to its party. */
        sourceStreamId: string;
        releasedBy: string;
        corrections: RecordCorrection[];
        record: PublicRecord | LicensingRecord;
      }
    >
  | DomainEvent<'PublicationPublished', { occurredAt: string; publishedBy: string; publishedOn: CalendarDate; onTime: boolean }>
  | DomainEvent<'PublicationCancelled', { occurredAt: string; reason: string }>
  | DomainEvent<'PublicationWithdrawalRequired', { occurredAt: string; reason: string; dueDate: ComputedDeadline }>
  | DomainEvent<'PublicationWithdrawn', { occurredAt: string; withdrawnBy: string; withdrawnOn: CalendarDate; reason: string; onTime: boolean }>;

export type PublicationStatus =
  | 'pending'
  | 'withheld'
  | 'redaction_review'
  | 'published'
  | 'cancelled'
  | 'withdrawal_required'
  | 'withdrawn';

export type Publication =
  | { readonly status: 'none' }
  | {
      readonly status: PublicationStatus;
      readonly publicationId: string;
      readonly source: PublicationSource;
      readonly sourceStreamId: string;
      readonly agencyId: string;
      readonly dueDate: ComputedDeadline | null;
      readonly record: PublicRecord | LicensingRecord;
      /** What redaction could not clean with confidence, while the record is held for review. */
      readonly doubts: readonly RedactionDoubt[];
      readonly withdrawalReason: string | null;
      readonly withdrawalDue: ComputedDeadline | null;
      readonly lastOccurredAt: string;
    };

export const publicationStreamId = (publicationId: string): string => `publication-${publicationId}`;
export const initialPublication = (): Publication => ({ status: 'none' });

export function evolvePublication(state: Publication, event: PublicationEvent): Publication {
  if (event.type === 'PublicationPrepared') {
    const { publicationId, source, sourceStreamId, agencyId, dueDate, record, withheldReason, occurredAt } = event.data;
    return {
      status: withheldReason ? 'withheld' : 'pending',
      publicationId,
      source,
      sourceStreamId,
      agencyId,
      dueDate,
      record,
      doubts: [],
      withdrawalReason: null,
      withdrawalDue: null,
      lastOccurredAt: occurredAt,
    };
  }
  if (state.status === 'none') return state;
  const at = { lastOccurredAt: event.data.occurredAt };
  switch (event.type) {
    case 'PublicationHeldForRedactionReview':
      return { ...state, ...at, status: 'redaction_review', doubts: event.data.doubts };
    case 'PublicationRedactionReleased':
      return { ...state, ...at, status: 'pending', record: event.data.record, doubts: [] };
    case 'PublicationPublished':
      return { ...state, ...at, status: 'published' };
    case 'PublicationCancelled':
      return { ...state, ...at, status: 'cancelled' };
    case 'PublicationWithdrawalRequired':
      return { ...state, ...at, status: 'withdrawal_required', withdrawalReason: event.data.reason, withdrawalDue: event.data.dueDate };
    case 'PublicationWithdrawn':
      return { ...state, ...at, status: 'withdrawn', withdrawalReason: event.data.reason };
    default:
      void (event satisfies never);
      return state;
  }
}

const conflict = (code: string, message: string): DomainError => new DomainError(code, message, 'conflict');
export const PublicationErrors = {
  notFound: (id: string) => new DomainError('PUBLICATION_NOT_FOUND', `Publication ${id} was not found`, 'not_found'),
  notPending: (status: string) => conflict('PUBLICATION_NOT_PENDING', `The publication is ${status}, not waiting to be published`),
  withheld: () => conflict('PUBLICATION_WITHHELD', 'This decision is not published (the party is a minor)'),
  inRedactionReview: () =>
    conflict('PUBLICATION_IN_REDACTION_REVIEW', 'Redaction of this record had doubts: a legal reviewer must release it before it is published'),
  notInRedactionReview: (status: string) =>
    conflict('PUBLICATION_NOT_IN_REDACTION_REVIEW', `The publication is ${status}, not held for redaction review`),
  noWithdrawalRequired: () => conflict('NO_WITHDRAWAL_REQUIRED', 'Only a published record whose decision was revoked is withdrawn'),
  occurredInFuture: (at: string) => new DomainError('OCCURRED_IN_FUTURE', `occurredAt ${at} is in the future`, 'invalid'),
  occurredBeforePreviousStep: (at: string) =>
    conflict('OCCURRED_BEFORE_PREVIOUS_STEP', `occurredAt ${at} is before the previous step`),
} as const;

export type PublicationCommand =
  | {
      readonly type: 'PreparePublication';
      readonly occurredAt: string;
      readonly calendar: DeadlineCalendar;
      readonly publicationId: string;
      readonly source: PublicationSource;
      readonly sourceStreamId: string;
      readonly agencyId: string;
      readonly decisionDate: CalendarDate;
      readonly record: PublicRecord | LicensingRecord;
      /** What redaction of the record could not clean with confidence: any doubt holds it for review. */
      readonly doubts?: readonly RedactionDoubt[];
      readonly withheldReason: string | null;
      /** The rule set's publication period; null: none applied on the decision's date (before 2019). */
      readonly workingDays: number | null;
    }
  | { readonly type: 'Publish'; readonly occurredAt: string; readonly now: string; readonly actorId: string }
  | {
      readonly type: 'ReleaseRedaction';
      readonly occurredAt: string;
      readonly now: string;
      readonly actorId: string;
      /** Corrected public texts of fields of the draft; none: the draft is confirmed as it stands. */
      readonly corrections: readonly RecordCorrection[];
      /** The party and the natural persons of the decision, whom the corrected texts are cleaned of. */
      readonly subjects: RedactionSubjects;
    }
  | { readonly type: 'DecisionRevoked'; readonly occurredAt: string; readonly calendar: DeadlineCalendar; readonly reason: string }
  | { readonly type: 'Withdraw'; readonly occurredAt: string; readonly now: string; readonly actorId: string };

const CLOCK_SKEW_MS = 5 * 60_000;
function assertTime(occurredAt: string, previous: string, now: string): void {
  if (Date.parse(occurredAt) > Date.parse(now) + CLOCK_SKEW_MS) throw PublicationErrors.occurredInFuture(occurredAt);
  if (Date.parse(occurredAt) < Date.parse(previous)) throw PublicationErrors.occurredBeforePreviousStep(occurredAt);
}

const deadline = (calendar: DeadlineCalendar, from: CalendarDate, days: number): ComputedDeadline => {
  const result = calendar.addWorkingDays(from, days);
  return { date: result.deadline, provisional: result.provisional, calendarVersion: calendar.version };
};

export function decidePublication(command: PublicationCommand, state: Publication): PublicationEvent[] {
  if (command.type === 'PreparePublication') {
    if (state.status !== 'none') return [];
    const { calendar, type: _type, workingDays, doubts, ...prepared } = command;
    const events: PublicationEvent[] = [
      {
        type: 'PublicationPrepared',
        data: {
          ...prepared,
          dueDate: command.withheldReason || workingDays === null ? null : deadline(calendar, command.decisionDate, workingDays),
        },
      },
    ];
    // A withheld record is never published, so there is nothing to review.
    if (doubts && doubts.length > 0 && !command.withheldReason) {
      events.push({ type: 'PublicationHeldForRedactionReview', data: { occurredAt: command.occurredAt, doubts: [...doubts] } });
    }
    return events;
  }
  if (state.status === 'none') throw PublicationErrors.notFound('');
  switch (command.type) {
    case 'Publish': {
      if (state.status === 'withheld') throw PublicationErrors.withheld();
      if (state.status === 'redaction_review') throw PublicationErrors.inRedactionReview();
      if (state.status !== 'pending') throw PublicationErrors.notPending(state.status);
      assertTime(command.occurredAt, state.lastOccurredAt, command.now);
      const publishedOn = shanghaiDate(command.occurredAt);
      return [
        {
          type: 'PublicationPublished',
          data: { occurredAt: command.occurredAt, publishedBy: command.actorId, publishedOn, onTime: !state.dueDate || publishedOn <= state.dueDate.date },
        },
      ];
    }
    case 'ReleaseRedaction': {
      if (state.status !== 'redaction_review') throw PublicationErrors.notInRedactionReview(state.status);
      assertTime(command.occurredAt, state.lastOccurredAt, command.now);
      const record = correctRecord(state.record, command.corrections, command.subjects);
      return [
        {
          type: 'PublicationRedactionReleased',
          data: {
            occurredAt: command.occurredAt,
            sourceStreamId: state.sourceStreamId,
            releasedBy: command.actorId,
            corrections: [...command.corrections],
            record,
          },
        },
      ];
    }
    case 'DecisionRevoked':
      if (state.status === 'pending' || state.status === 'withheld' || state.status === 'redaction_review') {
        return [{ type: 'PublicationCancelled', data: { occurredAt: command.occurredAt, reason: command.reason } }];
      }
      if (state.status !== 'published') return [];
      return [
        {
          type: 'PublicationWithdrawalRequired',
          data: {
            occurredAt: command.occurredAt,
            reason: command.reason,
            dueDate: deadline(command.calendar, shanghaiDate(command.occurredAt), WITHDRAWAL_WORKING_DAYS),
          },
        },
      ];
    case 'Withdraw': {
      if (state.status !== 'withdrawal_required' || !state.withdrawalDue) throw PublicationErrors.noWithdrawalRequired();
      assertTime(command.occurredAt, state.lastOccurredAt, command.now);
      const withdrawnOn = shanghaiDate(command.occurredAt);
      return [
        {
          type: 'PublicationWithdrawn',
          data: {
            occurredAt: command.occurredAt,
            withdrawnBy: command.actorId,
            withdrawnOn,
            reason: state.withdrawalReason ?? '',
            onTime: withdrawnOn <= state.withdrawalDue.date,
          },
        },
      ];
    }
    default:
      void (command satisfies never);
      return [];
  }
}

export const publicationDecider: Decider<PublicationCommand, PublicationEvent, Publication> = {
  decide: decidePublication,
  evolve: evolvePublication,
  initialState: initialPublication,
};
