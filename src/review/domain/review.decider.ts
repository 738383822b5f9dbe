import type { Decider } from '../../eventstore/command-handling.js';
import type { DeadlineCalendar } from '../../cases/domain/case.decider.js';
import { shanghaiDate } from '../../shared/domain/calendar-date.js';
import type { CatalogueRuleId } from './catalogue.js';
import {
  FINDING_POINTS,
  type Findings,
  type ProposedDecision,
  type Review,
  type ReviewEvent,
  type ReviewFlag,
  type ReviewOutcome,
  evolveReview,
  initialReview,
} from './review.js';
import { ReviewErrors } from './review.errors.js';

/** The review time limit comes from configuration (default 7 working days); an extension adds 3, once. */
export const REVIEW_EXTENSION_WORKING_DAYS = 3;
const CLOCK_SKEW_MS = 5 * 60_000;

export type ReviewCommand =
  | {
      readonly type: 'SubmitForReview';
      readonly occurredAt: string;
      readonly now: string;
      readonly calendar: DeadlineCalendar;
      readonly timeLimitWorkingDays: number;
      readonly reviewId: string;
      readonly caseId: string;
      readonly agencyId: string;
      readonly caseVersion: number;
      readonly submittedBy: string;
      readonly proposedDecision: ProposedDecision;
      readonly flags: readonly ReviewFlag[];
      readonly requiredBy: readonly CatalogueRuleId[];
      readonly catalogueVersion: string | null;
      readonly subject: { partyName: string; partyKind: 'organization' | 'person' };
    }
  | {
      readonly type: 'GiveOpinion';
      readonly occurredAt: string;
      readonly now: string;
      readonly reviewerId: string;
      /** The case's investigating officers and its filing approver: none of them may review it. */
      readonly caseOfficerIds: readonly string[];
      readonly caseApproverId: string | null;
      readonly outcome: ReviewOutcome;
      readonly findings: Findings;
      readonly opinion: string;
    }
  | { readonly type: 'ExtendReview'; readonly occurredAt: string; readonly now: string; readonly calendar: DeadlineCalendar; readonly reason: string };

function assertTime(occurredAt: string, previous: string | null, now: string): void {
  if (Date.parse(occurredAt) > Date.parse(now) + CLOCK_SKEW_MS) throw ReviewErrors.occurredInFuture(occurredAt);
  if (previous && Date.parse(occurredAt) < Date.parse(previous)) throw ReviewErrors.occurredBeforeSubmission(occurredAt);
}

export function decideReview(command: ReviewCommand, state: Review): ReviewEvent[] {
  switch (command.type) {
    case 'SubmitForReview': {
      if (state.status === 'pending') throw ReviewErrors.alreadyPending();
      if (command.requiredBy.length === 0 || !command.catalogueVersion) throw ReviewErrors.notRequired();
      assertTime(command.occurredAt, state.status === 'none' ? null : state.lastOccurredAt, command.now);
      const { calendar } = command;
      const due = calendar.addWorkingDays(shanghaiDate(command.occurredAt), command.timeLimitWorkingDays);
      return [
        {
          type: 'ReviewSubmitted',
          data: {
            occurredAt: command.occurredAt,
            reviewId: command.reviewId,
            caseId: command.caseId,
            agencyId: command.agencyId,
            round: state.status === 'none' ? 1 : state.round + 1,
            caseVersion: command.caseVersion,
            submittedBy: command.submittedBy,
            proposedDecision: command.proposedDecision,
            flags: [...command.flags],
            requiredBy: [...command.requiredBy],
            catalogueVersion: command.catalogueVersion,
            timeLimitWorkingDays: command.timeLimitWorkingDays,
            dueDate: { date: due.deadline, provisional: due.provisional, calendarVersion: calendar.version },
            subject: command.subject,
          },
        },
      ];
    }
    case 'GiveOpinion': {
      if (state.status !== 'pending') throw ReviewErrors.notPending();
      if (command.caseOfficerIds.includes(command.reviewerId)) {
        throw ReviewErrors.conflictOfInterest(command.reviewerId, 'investigating officer');
      }
      if (command.caseApproverId === command.reviewerId) throw ReviewErrors.conflictOfInterest(command.reviewerId, 'filing approver');
      const problems = FINDING_POINTS.filter((point) => !command.findings[point].ok);
      if ((command.outcome === 'approved') !== (problems.length === 0)) throw ReviewErrors.opinionInconsistent(command.outcome);
      assertTime(command.occurredAt, state.lastOccurredAt, command.now);
      return [
        {
          type: 'ReviewOpinionGiven',
          data: {
            occurredAt: command.occurredAt,
            reviewId: state.reviewId,
            round: state.round,
            reviewerId: command.reviewerId,
            outcome: command.outcome,
            findings: command.findings,
            opinion: command.opinion,
          },
        },
      ];
    }
    case 'ExtendReview': {
      if (state.status !== 'pending') throw ReviewErrors.notPending();
      if (state.extended) throw ReviewErrors.alreadyExtended();
      assertTime(command.occurredAt, state.lastOccurredAt, command.now);
      const due = command.calendar.addWorkingDays(state.dueDate.date, REVIEW_EXTENSION_WORKING_DAYS);
      return [
        {
          type: 'ReviewExtended',
          data: {
            occurredAt: command.occurredAt,
            reviewId: state.reviewId,
            round: state.round,
            reason: command.reason,
            extendedFrom: state.dueDate.date,
            dueDate: { date: due.deadline, provisional: due.provisional, calendarVersion: command.calendar.version },
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export const reviewDecider: Decider<ReviewCommand, ReviewEvent, Review> = {
  decide: decideReview,
  evolve: evolveReview,
  initialState: initialReview,
};
