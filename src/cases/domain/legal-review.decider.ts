import type { CaseEvent, OpenedCase } from './case.js';
import type { CaseCommandOf } from './case.commands.js';
import { CaseErrors } from './case.errors.js';
import { assertCaseOfficer } from './case.guards.js';
import { isHeavier } from './penalties.js';

/**
 * Legal review (法制审核, APL Art. 58): the case's officers submit the proposed decision of a filed case, a reviewer
 * approves or returns it, round by round; a decision needs a current approval of the file as it stands.
 */

export type LegalReviewCommand = CaseCommandOf<'SubmitLegalReview' | 'RecordReviewOpinion'>;

export function decideLegalReview(command: LegalReviewCommand, state: OpenedCase): CaseEvent[] {
  const { context, occurredAt } = command;
  switch (command.type) {
    case 'SubmitLegalReview': {
      assertCaseOfficer(state, context.actorId);
      if (!state.filing) throw CaseErrors.notFiled();
      if (state.decision) throw CaseErrors.decisionAlreadyMade();
      if (state.legalReview?.status === 'pending' && !state.legalReview.stale) throw CaseErrors.legalReviewPending();
      const { reviewId, round, requiredBy, proposedOutcome, proposedPenalties } = command;
      return [
        {
          type: 'LegalReviewSubmitted',
          data: { occurredAt, reviewId, round, requiredBy: [...requiredBy], proposedOutcome, proposedPenalties: [...proposedPenalties] },
        },
      ];
    }
    case 'RecordReviewOpinion': {
      const review = state.legalReview;
      if (!review || review.reviewId !== command.reviewId || review.round !== command.round || review.status !== 'pending') {
        throw CaseErrors.legalReviewNotPending();
      }
      const type = command.outcome === 'approved' ? 'LegalReviewApproved' : 'LegalReviewReturned';
      return [{ type, data: { occurredAt, reviewId: command.reviewId, round: command.round, reviewerId: command.reviewerId } }];
    }
  }
}

/** The decision needs a current approval of the file as it stands, by someone other than the decider. */
export function assertReviewed(state: OpenedCase, command: CaseCommandOf<'MakeDecision'>): void {
  const review = state.legalReview;
  if (!review || review.status === 'returned') throw CaseErrors.legalReviewRequired();
  if (review.stale) throw CaseErrors.legalReviewStale();
  if (review.status === 'pending') throw CaseErrors.legalReviewPending();
  if (review.reviewerId === command.context.actorId) throw CaseErrors.reviewerDecides(command.context.actorId);
  if (command.outcome !== review.proposedOutcome || isHeavier(command.penalties, review.proposedPenalties)) {
    throw CaseErrors.decisionDiffersFromReview();
  }
}
