import { DomainError } from '../../shared/domain/errors.js';

export const ReviewErrors = {
  notFound: (reviewId: string) => new DomainError('REVIEW_NOT_FOUND', `Review ${reviewId} was not found`, 'not_found', { reviewId }),
  alreadyPending: () => new DomainError('REVIEW_ALREADY_PENDING', 'The case is already waiting for a legal review opinion'),
  notPending: () => new DomainError('REVIEW_NOT_PENDING', 'The review has no submission waiting for an opinion'),
  notRequired: () =>
    new DomainError('LEGAL_REVIEW_NOT_REQUIRED', 'No rule of the legal review catalogue applies to this case'),
  conflictOfInterest: (reviewerId: string, role: string) =>
    new DomainError('REVIEWER_CONFLICT_OF_INTEREST', `Reviewer ${reviewerId} is the case's ${role}`, 'conflict', { reviewerId, role }),
  opinionInconsistent: (outcome: string) =>
    new DomainError(
      'OPINION_INCONSISTENT',
      outcome === 'approved'
        ? 'An approval finds no problem on any point; return the case instead'
        : 'A returned case names at least one point with a problem',
      'invalid',
    ),
  alreadyExtended: () => new DomainError('REVIEW_ALREADY_EXTENDED', 'The review time limit was already extended'),
  occurredBeforeSubmission: (occurredAt: string) =>
    new DomainError('OCCURRED_BEFORE_PREVIOUS_STEP', `occurredAt ${occurredAt} is before the submission`, 'conflict'),
  occurredInFuture: (occurredAt: string) =>
    new DomainError('OCCURRED_IN_FUTURE', `occurredAt ${occurredAt} is in the future`, 'invalid'),
} as const;
