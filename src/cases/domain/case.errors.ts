import { DomainError } from '../../shared/domain/errors.js';

const conflict = (code: string, message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError(code, message, 'conflict', details);
const invalid = (code: string, message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError(code, message, 'invalid', details);

/** Every refusal of a case step, each with its own stable code. */
export const CaseErrors = {
  notFound: (caseId: string) => new DomainError('CASE_NOT_FOUND', `Case ${caseId} was not found`, 'not_found', { caseId }),
  alreadyOpened: () => conflict('CASE_ALREADY_OPENED', 'The case is already open'),
  closed: () => conflict('CASE_CLOSED', 'The case is closed: only a correction approved by a head may be recorded'),
  occurredInFuture: (occurredAt: string) =>
    invalid('OCCURRED_IN_FUTURE', `occurredAt ${occurredAt} is in the future`, { occurredAt }),
  occurredBeforePreviousStep: (occurredAt: string, previous: string) =>
    conflict('OCCURRED_BEFORE_PREVIOUS_STEP', `occurredAt ${occurredAt} is before the previous step (${previous})`, {
      previous,
    }),
  notCaseOfficer: (actorId: string) =>
    new DomainError('NOT_CASE_OFFICER', `${actorId} is not an officer of this case`, 'forbidden'),
  tooFewOfficers: (count: number) =>
    conflict('TOO_FEW_OFFICERS', `An inspection needs at least 2 certified officers, got ${count}`, { count }),
  officerNotOfAgency: (officerId: string) =>
    conflict('OFFICER_NOT_OF_AGENCY', `Officer ${officerId} is not registered with the case's agency`, { officerId }),
  certificateNotValid: (officerId: string, date: string) =>
    conflict('CERTIFICATE_NOT_VALID', `Officer ${officerId} holds no enforcement certificate valid on ${date}`, {
      officerId,
      date,
    }),
  hazardNotFound: (hazardId: string) => invalid('HAZARD_NOT_FOUND', `Hazard ${hazardId} is not part of this case`, { hazardId }),
  hazardAlreadyRectified: (hazardId: string) =>
    conflict('HAZARD_ALREADY_RECTIFIED', `Hazard ${hazardId} is already rectified`, { hazardId }),
  rectificationNotOrdered: (hazardId: string) =>
    conflict('RECTIFICATION_NOT_ORDERED', `No rectification was ordered for hazard ${hazardId}`, { hazardId }),
  dueDateRequired: () => invalid('DUE_DATE_REQUIRED', 'A time-limited rectification order needs a dueDate'),
  dueDateNotAllowed: () => invalid('DUE_DATE_NOT_ALLOWED', 'An on-the-spot rectification has no dueDate'),
  dueDateBeforeOrder: (dueDate: string) => invalid('DUE_DATE_BEFORE_ORDER', `dueDate ${dueDate} is before the order`),
  alreadyFiled: () => conflict('CASE_ALREADY_FILED', 'The case is already filed'),
  notFiled: () => conflict('CASE_NOT_FILED', 'The case has not been filed (立案)'),
  approverNotHead: (officerId: string) =>
    conflict('APPROVER_NOT_HEAD', `The approver ${officerId} is not a head of the case's agency`, { officerId }),
  simpleProcedureNotAllowed: () =>
    conflict('SIMPLE_PROCEDURE_NOT_ALLOWED', 'The simple procedure allows only a warning or a fine within APL Art. 51'),
  intendedPenaltyRequired: () =>
    invalid('INTENDED_PENALTY_REQUIRED', 'Filing under the simple procedure needs the intended penalties'),
  evidenceNotFound: (evidenceId: string) =>
    new DomainError('EVIDENCE_NOT_FOUND', `Evidence ${evidenceId} is not part of this case`, 'not_found', { evidenceId }),
  evidenceAlreadySuperseded: (evidenceId: string) =>
    conflict('EVIDENCE_ALREADY_SUPERSEDED', `Evidence ${evidenceId} is already superseded`, { evidenceId }),
  noticeNotForSimpleProcedure: () =>
    conflict('NOTICE_NOT_FOR_SIMPLE_PROCEDURE', 'A simple-procedure case is decided on the spot, without a written notice'),
  noticeAlreadyIssued: () => conflict('NOTICE_ALREADY_ISSUED', 'The notice of the intended penalty was already issued'),
  noticeRequired: () => conflict('NOTICE_REQUIRED', 'No penalty may be decided before the party was notified (告知)'),
  discretionReasonRequired: () =>
    invalid('DISCRETION_REASON_REQUIRED', 'A lighter or mitigated penalty needs a discretionReason'),
  agencyLacksPower: (type: string) =>
    conflict('AGENCY_LACKS_POWER', `The agency has no power to impose ${type}; record a referral instead`, { type }),
  decisionAlreadyMade: () => conflict('DECISION_ALREADY_MADE', 'The decision was already made'),
  hearingNotAvailable: () =>
    conflict('HEARING_NOT_AVAILABLE', 'The intended penalty does not give the party a right to a hearing'),
  hearingRequestTooLate: (deadline: string) =>
    conflict('HEARING_REQUEST_TOO_LATE', `The hearing request period ended on ${deadline}`, { deadline }),
  hearingAlreadyRequested: () => conflict('HEARING_ALREADY_REQUESTED', 'A hearing was already requested'),
  hearingNotRequested: () => conflict('HEARING_NOT_REQUESTED', 'No hearing was requested'),
  hearingAlreadyHeld: () => conflict('HEARING_ALREADY_HELD', 'The hearing was already held'),
  hearingChairIsInvestigator: (officerId: string) =>
    conflict('HEARING_CHAIR_IS_INVESTIGATOR', `The chair ${officerId} investigated this case`, { officerId }),
  rightsWaived: () => conflict('RIGHTS_WAIVED', 'The party waived the statement and hearing'),
  statementPeriodRunning: (deadline: string) =>
    conflict('STATEMENT_PERIOD_RUNNING', `The party may state and defend until ${deadline}`, { deadline }),
  hearingRequestPeriodRunning: (deadline: string) =>
    conflict('HEARING_REQUEST_PERIOD_RUNNING', `The party may request a hearing until ${deadline}`, { deadline }),
  hearingPending: () => conflict('HEARING_PENDING', 'A requested hearing has not been held'),
  collectiveDiscussionRequired: () =>
    conflict('COLLECTIVE_DISCUSSION_REQUIRED', 'A complex case or a major violation needs a collective discussion (集体讨论) first'),
  legalReviewPending: () => conflict('LEGAL_REVIEW_PENDING', 'The legal review has not given its opinion yet'),
  legalReviewStale: () =>
    conflict('LEGAL_REVIEW_STALE', 'The case changed after it was submitted for legal review: submit it again'),
  legalReviewNotPending: () => conflict('LEGAL_REVIEW_NOT_PENDING', 'No legal review of this case is waiting for an opinion'),
  reviewerDecides: (actorId: string) =>
    conflict('REVIEWER_CONFLICT_OF_INTEREST', `${actorId} reviewed this case and may not decide it`, { reviewerId: actorId }),
  decisionDiffersFromReview: () =>
    conflict('DECISION_DIFFERS_FROM_REVIEW', 'The decision goes beyond the proposal the legal review approved'),
  legalReviewRequired: () =>
    conflict('LEGAL_REVIEW_REQUIRED', 'This decision needs an approved legal review (法制审核) first'),
  decisionPeriodExpired: (deadline: string) =>
    conflict('DECISION_PERIOD_EXPIRED', `The decision was due by ${deadline} and no extension is recorded`, { deadline }),
  heavierPenaltyAfterStatement: () =>
    conflict('HEAVIER_PENALTY_AFTER_STATEMENT', 'A statement or defence may not lead to a heavier penalty (APL Art. 45)'),
  penaltyExceedsNotice: () =>
    conflict('PENALTY_EXCEEDS_NOTICE', 'The decision imposes more than the notice announced; notify the party again'),
  decisionRequiresHead: () =>
    new DomainError('DECISION_REQUIRES_HEAD', 'A general-procedure decision is made by a head of the agency', 'forbidden'),
  penaltiesRequired: () => invalid('PENALTIES_REQUIRED', 'A penalty outcome needs at least one penalty'),
  noPenaltyReasonRequired: () =>
    invalid('NO_PENALTY_REASON_REQUIRED', 'A no-penalty outcome needs a noPenaltyReason and no penalties'),
  decisionNumberTaken: (decisionNumber: string) =>
    conflict('DECISION_NUMBER_TAKEN', `Decision number ${decisionNumber} is already used this year`, { decisionNumber }),
  notDecided: () => conflict('NOT_DECIDED', 'No decision has been made'),
  alreadyDelivered: () => conflict('ALREADY_DELIVERED', 'The decision was already delivered'),
  notDelivered: () => conflict('NOT_DELIVERED', 'The decision has not been delivered'),
  nothingToPay: () => conflict('NOTHING_TO_PAY', 'The decision imposes no fine or confiscation'),
  paymentExceedsAmountDue: (dueFen: number) =>
    conflict('PAYMENT_EXCEEDS_AMOUNT_DUE', `Only ${dueFen} fen remain due`, { dueFen }),
  decisionRevoked: () => conflict('DECISION_REVOKED', 'The decision was revoked'),
  decisionExtensionsExhausted: (allowed: number) =>
    conflict('DECISION_EXTENSIONS_EXHAUSTED', `The rule set allows ${allowed} extension(s) of the decision period, all used`, { allowed }),
  decisionExtensionApproval: (approval: string) =>
    conflict('DECISION_EXTENSION_APPROVAL', `This extension of the decision period needs the approval of: ${approval}`, { approval }),
  approvalReferenceRequired: () =>
    invalid('APPROVAL_REFERENCE_REQUIRED', 'An extension approved by the higher authority names its approval document (approvalReference)'),
  decisionExtensionTooLong: (upToDays: number, limit: string) =>
    conflict('DECISION_EXTENSION_TOO_LONG', `This extension may reach ${upToDays} days from the filing, until ${limit}`, { upToDays, limit }),
  paymentAlreadyDeferred: () => conflict('PAYMENT_ALREADY_DEFERRED', 'A deferral or instalment plan was already approved'),
  instalmentsInvalid: (kind: string) =>
    invalid(
      'INSTALMENTS_INVALID',
      kind === 'deferral'
        ? 'A deferral has exactly one instalment, not before today'
        : 'An instalment plan has two or more instalments, in increasing order of date, none before today',
      { kind },
    ),
  instalmentsDoNotCoverDue: (dueFen: number) =>
    conflict('INSTALMENTS_DO_NOT_COVER_DUE', `The instalments must add up to the ${dueFen} fen due today`, { dueFen }),
  remedyPending: (kind: string) => conflict('REMEDY_PENDING', `A ${kind} of the decision is pending`, { kind }),
  noRemedyPending: (kind: string) => conflict('NO_REMEDY_PENDING', `No ${kind} of the decision is pending`, { kind }),
  reminderAlreadyServed: () => conflict('REMINDER_ALREADY_SERVED', 'The reminder (催告书) was already served'),
  paymentNotYetDue: (lastDay: string | null) =>
    conflict('PAYMENT_NOT_YET_DUE', lastDay ? `The party may pay until ${lastDay}` : 'The decision sets no payment date', { lastDay }),
  reminderRequired: () =>
    conflict('REMINDER_REQUIRED', 'The party must be reminded (催告) before a court is asked to enforce (行政强制法 Art. 54)'),
  enforcementAlreadyApplied: () => conflict('ENFORCEMENT_ALREADY_APPLIED', 'Court enforcement was already applied for'),
  enforcementTooEarly: (until: string, reason: 'reminder' | 'remedy_periods') =>
    conflict(
      'ENFORCEMENT_APPLICATION_TOO_EARLY',
      reason === 'reminder'
        ? `Ten working days after the reminder must pass first: apply after ${until} (行政强制法 Arts. 54, 69)`
        : `The remedy periods run until ${until}: apply after that (行政强制法 Art. 53)`,
      { until, reason },
    ),
  enforcementTooLate: (closed: string) =>
    conflict('ENFORCEMENT_APPLICATION_PERIOD_EXPIRED', `The three months to apply for court enforcement ended on ${closed} (行政强制法 Art. 53)`, {
      closed,
    }),
  limitationExpired: (committedOn: string, years: number, discoveredOn: string) =>
    conflict(
      'LIMITATION_PERIOD_EXPIRED',
      `A violation committed on ${committedOn} and discovered on ${discoveredOn} was undiscovered for more than ${years} years: no penalty may be given`,
      { committedOn, years, discoveredOn },
    ),
  notReadyToClose: (reason: string) => conflict('NOT_READY_TO_CLOSE', reason),
} as const;
