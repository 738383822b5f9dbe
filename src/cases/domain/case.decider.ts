import type { Decider } from '../../eventstore/command-handling.js';
import type { AgencyPower } from '../../identity/domain/agency.js';
import { type CalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import {
  type CaseEvent,
  type CaseSource,
  type CaseState,
  type ComputedDeadline,
  type DeliveryMethod,
  type EvidenceKind,
  type NoPenaltyReason,
  type OpenedCase,
  type Party,
  type Procedure,
  type RectificationMode,
  type Severity,
  type Violation,
  evolveCase,
  initialCase,
} from './case.js';
import { CaseErrors } from './case.errors.js';
import { EXECUTION_COMMANDS, type ExecutionCommand, addMonths, amountDue, decideExecution, referredForEnforcement } from './execution.js';
import { type Discretion, type Penalty, POWER_FOR, isHeavier, totalFen } from './penalties.js';
import { PERSON_COMMANDS, type PersonCommand, decidePersons } from './persons.decider.js';
import {
  EARLIEST_DATE_SERVED,
  endOfPeriod,
  isHearingEligible,
  isWithinSimpleProcedure,
  type PenaltyRuleSet,
  pinnedRuleSet,
  ruleSetNotInForce,
  ruleSetOn,
} from './rule-sets.js';
export { amountDue } from './execution.js';

/** The working-day calendar, as the decider needs it: deadline arithmetic on the official calendar. */
export interface DeadlineCalendar {
  readonly version: string;
  addWorkingDays(from: CalendarDate, days: number): { deadline: CalendarDate; provisional: boolean };
  addCalendarDays(from: CalendarDate, days: number): { deadline: CalendarDate; provisional: boolean };
}

/** What the handler knows of an officer named in a command, read from the officer's stream. */
export interface OfficerSnapshot {
  readonly officerId: string;
  readonly agencyId: string | null;
  readonly certifiedOnDate: boolean;
  readonly isHead: boolean;
}

/** Passed in, never looked up: `decide` reads no clock and generates no ids. */
export interface CaseContext {
  readonly now: string;
  readonly actorId: string;
  readonly actorRoles: readonly string[];
  readonly calendar: DeadlineCalendar;
}

/** A clock on a device in the field may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

type C<Type extends string, Body> = { readonly type: Type; readonly context: CaseContext } & Body;
type Step = { readonly occurredAt: string };

export type CaseCommand =
  | C<
      'OpenCase',
      Step & {
        caseId: string;
        agencyId: string;
        source: CaseSource;
        campaign: string | null;
        planId?: string;
        party: Party;
        officers: readonly OfficerSnapshot[];
        location: string;
        summary: string;
      }
    >
  | C<'RecordHazard', Step & { hazardId: string; description: string; severity: Severity; legalBasis: string | null }>
  | C<'OrderRectification', Step & { orderId: string; hazardIds: readonly string[]; mode: RectificationMode; dueDate: CalendarDate | null }>
  | C<'CheckRectification', Step & { hazardIds: readonly string[]; result: 'rectified' | 'not_rectified' }>
  | C<
      'FileCase',
      Step & {
        procedure: Procedure;
        violations: readonly Violation[];
        approver: OfficerSnapshot;
        intendedPenalties: readonly Penalty[];
        complex: boolean;
      }
    >
  | C<
      'RecordEvidence',
      Step & {
        evidenceId: string;
        kind: EvidenceKind;
        sha256: string;
        sizeBytes: number;
        uri: string;
        capturedBy: string;
        description: string;
        supersedes: string | null;
      }
    >
  | C<'AccessEvidence', { evidenceId: string; reason: string }>
  | C<
      'IssuePenaltyNotice',
      Step & {
        penalties: readonly Penalty[];
        discretion: Discretion;
        discretionReason: string | null;
        legalBasis: string;
        agencyPowers: readonly AgencyPower[];
      }
    >
  | C<'RecordStatement', Step & { summary: string; waived: boolean }>
  | C<'RequestHearing', Step>
  | C<'HoldHearing', Step & { chairOfficerId: string; summary: string }>
  | C<'HoldCollectiveDiscussion', Step & { participantIds: readonly string[]; conclusion: string }>
  | C<
      'ExtendDecisionPeriod',
      Step & { days: number; reason: string; approval: 'head' | 'higher_authority'; approvalReference: string | null }
    >
  | C<
      'MakeDecision',
      Step & {
        procedure: Procedure;
        outcome: 'penalty' | 'no_penalty';
        decisionNumber: string;
        penalties: readonly Penalty[];
        discretion: Discretion;
        discretionReason: string | null;
        noPenaltyReason: NoPenaltyReason | null;
        /** 处罚依据: the provision the penalty is imposed under; null: the one the notice named. */
        legalBasis: string | null;
        agencyPowers: readonly AgencyPower[];
      }
    >
  | C<'DeliverDecision', Step & { method: DeliveryMethod }>
  | C<'RecordPayment', Step & { amountFen: number }>
  | C<'RevokeDecision', Step & { reason: string }>
  | (ExecutionCommand extends infer E ? (E extends ExecutionCommand ? C<E['type'], Step & Omit<E, 'type'>> : never) : never)
  | (PersonCommand extends infer P ? (P extends PersonCommand ? C<P['type'], Step & Omit<P, 'type'>> : never) : never)
  | C<
      'SubmitLegalReview',
      Step & {
        reviewId: string;
        round: number;
        requiredBy: readonly string[];
        proposedOutcome: 'penalty' | 'no_penalty';
        proposedPenalties: readonly Penalty[];
      }
    >
  | C<'RecordReviewOpinion', Step & { reviewId: string; round: number; reviewerId: string; outcome: 'approved' | 'returned' }>
  | C<'CloseCase', Step>
  | C<'CorrectCase', Step & { reason: string; correction: string }>;

function computed(calendar: DeadlineCalendar, result: { deadline: CalendarDate; provisional: boolean }): ComputedDeadline {
  return { date: result.deadline, provisional: result.provisional, calendarVersion: calendar.version };
}

function assertTimeline(occurredAt: string, previous: string | null, now: string): void {
  // Every step of a case is judged by the law of its date: a date no rule set covers is refused, never guessed.
  const date = shanghaiDate(occurredAt);
  if (date < EARLIEST_DATE_SERVED) throw ruleSetNotInForce(date);
  if (Date.parse(occurredAt) > Date.parse(now) + CLOCK_SKEW_MS) throw CaseErrors.occurredInFuture(occurredAt);
  if (previous !== null && Date.parse(occurredAt) < Date.parse(previous)) {
    throw CaseErrors.occurredBeforePreviousStep(occurredAt, previous);
  }
}

function assertCaseOfficer(state: OpenedCase, actorId: string): void {
  if (!state.officerIds.includes(actorId)) throw CaseErrors.notCaseOfficer(actorId);
}

function assertPowers(penalties: readonly Penalty[], powers: readonly AgencyPower[]): void {
  for (const penalty of penalties) {
    const power = POWER_FOR[penalty.type];
    if (power && !powers.includes(power)) throw CaseErrors.agencyLacksPower(penalty.type);
  }
}

function assertDiscretion(discretion: Discretion, reason: string | null): void {
  if (discretion !== 'standard' && !reason) throw CaseErrors.discretionReasonRequired();
}

function hazardsOf(state: OpenedCase, ids: readonly string[]) {
  return ids.map((id) => {
    const hazard = state.hazards.find((h) => h.hazardId === id);
    if (!hazard) throw CaseErrors.hazardNotFound(id);
    return hazard;
  });
}

/** No penalty for a violation that went undiscovered too long (APL 2017 Art. 29, 2021 Art. 36); the inspection discovered it. */
const addYears = (date: CalendarDate, years: number): CalendarDate => addMonths(date, 12 * years);

function assertWithinLimitation(violations: readonly Violation[], discoveredOn: CalendarDate, rules: PenaltyRuleSet): void {
  for (const violation of violations) {
    if (violation.committedOn === undefined) continue;
    const years = (violation.harmful === true ? rules.harmfulLimitationYears : null) ?? rules.limitationYears;
    if (discoveredOn > addYears(violation.committedOn, years)) throw CaseErrors.limitationExpired(violation.committedOn, years, discoveredOn);
  }
}

function openCase(command: Extract<CaseCommand, { type: 'OpenCase' }>): CaseEvent[] {
  const { context, officers, occurredAt } = command;
  assertTimeline(occurredAt, null, context.now);
  const distinct = new Set(officers.map((o) => o.officerId));
  if (distinct.size < 2) throw CaseErrors.tooFewOfficers(distinct.size);
  for (const officer of officers) {
    if (officer.agencyId !== command.agencyId) throw CaseErrors.officerNotOfAgency(officer.officerId);
    if (!officer.certifiedOnDate) throw CaseErrors.certificateNotValid(officer.officerId, shanghaiDate(occurredAt));
  }
  const { caseId, agencyId, source, campaign, planId, party, location, summary } = command;
  return [
    {
      type: 'CaseOpened',
      data: {
        occurredAt,
        caseId,
        agencyId,
        source,
        campaign,
        // Only a drawn inspection names its plan, so the events of every other case keep their shape.
        ...(planId === undefined ? {} : { planId }),
        party,
        officerIds: [...distinct],
        location,
        summary,
      },
    },
  ];
}

function fileCase(command: Extract<CaseCommand, { type: 'FileCase' }>, state: OpenedCase): CaseEvent[] {
  if (state.filing) throw CaseErrors.alreadyFiled();
  if (state.decision) throw CaseErrors.decisionAlreadyMade();
  const { approver, occurredAt, procedure, context } = command;
  if (!approver.isHead || approver.agencyId !== state.agencyId) throw CaseErrors.approverNotHead(approver.officerId);
  const filedOn = shanghaiDate(occurredAt);
  const rules = ruleSetOn(filedOn);
  assertWithinLimitation(command.violations, shanghaiDate(state.openedAt), rules);
  if (procedure === 'simple') {
    if (command.intendedPenalties.length === 0) throw CaseErrors.intendedPenaltyRequired();
    if (!isWithinSimpleProcedure(command.intendedPenalties, state.party.kind, rules)) {
      throw CaseErrors.simpleProcedureNotAllowed();
    }
  }
  return [
    {
      type: 'CaseFiled',
      data: {
        occurredAt,
        procedure,
        violations: [...command.violations],
        approvedBy: approver.officerId,
        intendedPenalties: [...command.intendedPenalties],
        complex: command.complex,
        decisionDeadline: computed(context.calendar, context.calendar.addCalendarDays(filedOn, rules.decisionPeriodDays)),
        ruleSetVersion: rules.version,
      },
    },
  ];
}

function issueNotice(command: Extract<CaseCommand, { type: 'IssuePenaltyNotice' }>, state: OpenedCase): CaseEvent[] {
  if (!state.filing) throw CaseErrors.notFiled();
  if (state.filing.procedure === 'simple') throw CaseErrors.noticeNotForSimpleProcedure();
  if (state.decision) throw CaseErrors.decisionAlreadyMade();
  if (state.notice) throw CaseErrors.noticeAlreadyIssued();
  if (command.penalties.length === 0) throw CaseErrors.penaltiesRequired();
  assertDiscretion(command.discretion, command.discretionReason);
  assertPowers(command.penalties, command.agencyPowers);
  const { calendar } = command.context;
  const noticedOn = shanghaiDate(command.occurredAt);
  const rules = ruleSetOn(noticedOn);
  const hearingEligible = isHearingEligible(command.penalties, state.party.kind, rules);
  return [
    {
      type: 'PenaltyNoticeIssued',
      data: {
        occurredAt: command.occurredAt,
        penalties: [...command.penalties],
        discretion: command.discretion,
        discretionReason: command.discretionReason,
        legalBasis: command.legalBasis,
        hearingEligible,
        statementDeadline: computed(calendar, endOfPeriod(calendar, noticedOn, rules.statementPeriod)),
        hearingRequestDeadline: hearingEligible
          ? computed(calendar, endOfPeriod(calendar, noticedOn, rules.hearingRequestPeriod))
          : null,
        ruleSetVersion: rules.version,
      },
    },
  ];
}

const waived = (state: OpenedCase): boolean => state.statements.some((s) => s.waived);

/** The party's rights after the notice must have run their course before a general-procedure decision. */
function assertRightsRespected(state: OpenedCase, decidedOn: CalendarDate): void {
  const notice = state.notice;
  if (!notice || waived(state)) return;
  if (decidedOn <= notice.statementDeadline.date) throw CaseErrors.statementPeriodRunning(notice.statementDeadline.date);
  if (state.hearing) {
    if (state.hearing.heldAt === null) throw CaseErrors.hearingPending();
  } else if (notice.hearingRequestDeadline && decidedOn <= notice.hearingRequestDeadline.date) {
    throw CaseErrors.hearingRequestPeriodRunning(notice.hearingRequestDeadline.date);
  }
}

function makeDecision(command: Extract<CaseCommand, { type: 'MakeDecision' }>, state: OpenedCase): CaseEvent[] {
  if (state.decision) throw CaseErrors.decisionAlreadyMade();
  const decidedOn = shanghaiDate(command.occurredAt);
  const rules = ruleSetOn(decidedOn);
  const { outcome, penalties, context } = command;
  if (outcome === 'penalty' && (penalties.length === 0 || command.noPenaltyReason)) throw CaseErrors.penaltiesRequired();
  if (outcome === 'no_penalty' && (penalties.length > 0 || !command.noPenaltyReason)) {
    throw CaseErrors.noPenaltyReasonRequired();
  }
  assertDiscretion(command.discretion, command.discretionReason);
  assertPowers(penalties, command.agencyPowers);

  if (command.procedure === 'simple') {
    assertCaseOfficer(state, context.actorId);
    if (state.filing && state.filing.procedure !== 'simple') throw CaseErrors.simpleProcedureNotAllowed();
    if (outcome !== 'penalty' || !isWithinSimpleProcedure(penalties, state.party.kind, rules)) {
      throw CaseErrors.simpleProcedureNotAllowed();
    }
  } else {
    if (!state.filing) throw CaseErrors.notFiled();
    if (state.filing.procedure !== 'general') throw CaseErrors.simpleProcedureNotAllowed();
    if (!context.actorRoles.includes('head')) throw CaseErrors.decisionRequiresHead();
    if (outcome === 'penalty' && !state.notice) throw CaseErrors.noticeRequired();
    assertRightsRespected(state, decidedOn);
    if (state.notice && outcome === 'penalty' && isHeavier(penalties, state.notice.penalties)) {
      throw state.statements.some((s) => !s.waived) || state.hearing
        ? CaseErrors.heavierPenaltyAfterStatement()
        : CaseErrors.penaltyExceedsNotice();
    }
    const major = state.notice?.hearingEligible ?? false;
    if ((major || state.filing.complex) && !state.collectiveDiscussion) throw CaseErrors.collectiveDiscussionRequired();
    assertReviewed(state, command);
    if (decidedOn > state.filing.decisionDeadline.date) {
      throw CaseErrors.decisionPeriodExpired(state.filing.decisionDeadline.date);
    }
  }
  return [
    {
      type: 'DecisionMade',
      data: {
        occurredAt: command.occurredAt,
        outcome,
        procedure: command.procedure,
        decisionNumber: command.decisionNumber,
        decisionDate: decidedOn,
        penalties: [...penalties],
        discretion: command.discretion,
        discretionReason: command.discretionReason,
        noPenaltyReason: command.noPenaltyReason,
        penaltyBasis: outcome === 'penalty' ? (command.legalBasis ?? state.notice?.legalBasis ?? null) : null,
        decidedBy: context.actorId,
        ruleSetVersion: rules.version,
      },
    },
  ];
}

/**
 * An extension of the decision period. Where the rule set of the filing limits them (办法2015 Art. 31, 令18号
 * Art. 53), each step is used once and in order, reaches no further than its limit counted from the filing, and needs
 * its approval: a head's, then the higher authority's, whose approval document is named.
 */
function extendDecisionPeriod(command: Extract<CaseCommand, { type: 'ExtendDecisionPeriod' }>, state: OpenedCase): CaseEvent[] {
  const filing = state.filing;
  if (!filing) throw CaseErrors.notFiled();
  if (state.decision) throw CaseErrors.decisionAlreadyMade();
  const { calendar } = command.context;
  const filedOn = shanghaiDate(filing.filedAt);
  const rules = pinnedRuleSet(filing.ruleSetVersion, filedOn);
  // Counted from the filing, like the period itself: a period that ended on a rest day does not carry its roll-forward.
  const extended = calendar.addCalendarDays(filedOn, rules.decisionPeriodDays + filing.extendedDays + command.days);
  const steps = rules.decisionExtensions;
  if (steps) {
    const step = steps[filing.extensions];
    if (!step) throw CaseErrors.decisionExtensionsExhausted(steps.length);
    if (command.approval !== step.approval) throw CaseErrors.decisionExtensionApproval(step.approval);
    if (step.approval === 'higher_authority' && !command.approvalReference) throw CaseErrors.approvalReferenceRequired();
    const limit = calendar.addCalendarDays(filedOn, step.upToDays).deadline;
    if (extended.deadline > limit) throw CaseErrors.decisionExtensionTooLong(step.upToDays, limit);
  }
  return [
    {
      type: 'DecisionPeriodExtended',
      data: {
        occurredAt: command.occurredAt,
        days: command.days,
        reason: command.reason,
        approvedBy: command.context.actorId,
        approval: command.approval,
        approvalReference: command.approvalReference,
        decisionDeadline: computed(calendar, extended),
      },
    },
  ];
}

/** APL Art. 58: the decision needs a current approval of the file as it stands, by someone other than the decider. */
function assertReviewed(state: OpenedCase, command: Extract<CaseCommand, { type: 'MakeDecision' }>): void {
  const review = state.legalReview;
  if (!review || review.status === 'returned') throw CaseErrors.legalReviewRequired();
  if (review.stale) throw CaseErrors.legalReviewStale();
  if (review.status === 'pending') throw CaseErrors.legalReviewPending();
  if (review.reviewerId === command.context.actorId) throw CaseErrors.reviewerDecides(command.context.actorId);
  if (command.outcome !== review.proposedOutcome || isHeavier(command.penalties, review.proposedPenalties)) {
    throw CaseErrors.decisionDiffersFromReview();
  }
}

function closeCase(command: Extract<CaseCommand, { type: 'CloseCase' }>, state: OpenedCase): CaseEvent[] {
  const closedBy = command.context.actorId;
  const close = (reason: Extract<CaseEvent, { type: 'CaseClosed' }>['data']['reason']): CaseEvent[] => [
    { type: 'CaseClosed', data: { occurredAt: command.occurredAt, reason, closedBy } },
  ];
  if (state.revocation) return close('revoked');
  if (!state.decision) {
    if (state.filing) throw CaseErrors.notReadyToClose('The filed case has no decision');
    const open = state.hazards.filter((h) => h.rectification !== 'rectified');
    if (open.length > 0) throw CaseErrors.notReadyToClose(`${open.length} hazard(s) are not rectified`);
    return close(state.hazards.length === 0 ? 'no_hazards' : 'rectified');
  }
  if (state.decision.outcome === 'no_penalty') return close('no_penalty');
  if (!state.delivery) throw CaseErrors.notReadyToClose('The decision has not been delivered');
  const { dueFen } = amountDue(state, shanghaiDate(command.occurredAt));
  if (dueFen > 0 && referredForEnforcement(state)) return close('referred_for_enforcement');
  if (dueFen > 0) throw CaseErrors.notReadyToClose(`${dueFen} fen remain unpaid`);
  return close('executed');
}

const isExecution = (command: CaseCommand): command is Extract<CaseCommand, ExecutionCommand & { context: CaseContext }> =>
  (EXECUTION_COMMANDS as readonly string[]).includes(command.type);

const isPersons = (command: CaseCommand): command is Extract<CaseCommand, PersonCommand & { context: CaseContext }> =>
  (PERSON_COMMANDS as readonly string[]).includes(command.type);

function decideOpened(command: Exclude<CaseCommand, { type: 'OpenCase' }>, state: OpenedCase): CaseEvent[] {
  const { context } = command;
  if (command.type === 'AccessEvidence') {
    if (!state.evidence.some((e) => e.evidenceId === command.evidenceId)) throw CaseErrors.evidenceNotFound(command.evidenceId);
    return [
      {
        type: 'EvidenceAccessed',
        data: { occurredAt: context.now, evidenceId: command.evidenceId, accessedBy: context.actorId, reason: command.reason },
      },
    ];
  }
  if (command.type === 'CorrectCase') {
    assertTimeline(command.occurredAt, null, context.now);
    return [
      {
        type: 'CaseCorrected',
        data: { occurredAt: command.occurredAt, reason: command.reason, correction: command.correction, approvedBy: context.actorId },
      },
    ];
  }
  if (state.status === 'closed') throw CaseErrors.closed();
  assertTimeline(command.occurredAt, state.lastOccurredAt, context.now);
  const occurredAt = command.occurredAt;

  if (isExecution(command)) {
    return decideExecution(command, state, { occurredAt, actorId: context.actorId, calendar: context.calendar });
  }
  if (isPersons(command)) return decidePersons(command, state, { occurredAt, actorId: context.actorId });

  switch (command.type) {
    case 'RecordHazard':
      assertCaseOfficer(state, context.actorId);
      return [
        {
          type: 'HazardFound',
          data: {
            occurredAt,
            hazardId: command.hazardId,
            description: command.description,
            severity: command.severity,
            legalBasis: command.legalBasis,
            // WSL Art. 65(3): workers are withdrawn and the affected work halted while a major hazard is removed.
            workHalted: command.severity === 'major',
          },
        },
      ];
    case 'OrderRectification': {
      assertCaseOfficer(state, context.actorId);
      for (const hazard of hazardsOf(state, command.hazardIds)) {
        if (hazard.rectification === 'rectified') throw CaseErrors.hazardAlreadyRectified(hazard.hazardId);
      }
      if (command.mode === 'time_limited' && !command.dueDate) throw CaseErrors.dueDateRequired();
      if (command.mode === 'on_the_spot' && command.dueDate) throw CaseErrors.dueDateNotAllowed();
      if (command.dueDate && command.dueDate < shanghaiDate(occurredAt)) throw CaseErrors.dueDateBeforeOrder(command.dueDate);
      return [
        {
          type: 'RectificationOrdered',
          data: { occurredAt, orderId: command.orderId, hazardIds: [...command.hazardIds], mode: command.mode, dueDate: command.dueDate },
        },
      ];
    }
    case 'CheckRectification':
      assertCaseOfficer(state, context.actorId);
      for (const hazard of hazardsOf(state, command.hazardIds)) {
        if (hazard.rectification === 'none') throw CaseErrors.rectificationNotOrdered(hazard.hazardId);
        if (hazard.rectification === 'rectified') throw CaseErrors.hazardAlreadyRectified(hazard.hazardId);
      }
      return [{ type: 'RectificationChecked', data: { occurredAt, hazardIds: [...command.hazardIds], result: command.result } }];
    case 'FileCase':
      assertCaseOfficer(state, context.actorId);
      return fileCase(command, state);
    case 'RecordEvidence': {
      assertCaseOfficer(state, context.actorId);
      if (command.supersedes) {
        const previous = state.evidence.find((e) => e.evidenceId === command.supersedes);
        if (!previous) throw CaseErrors.evidenceNotFound(command.supersedes);
        if (previous.supersededBy) throw CaseErrors.evidenceAlreadySuperseded(command.supersedes);
      }
      const { type: _t, context: _c, ...evidence } = command;
      return [{ type: 'EvidenceRecorded', data: evidence }];
    }
    case 'IssuePenaltyNotice':
      assertCaseOfficer(state, context.actorId);
      return issueNotice(command, state);
    case 'RecordStatement':
      assertCaseOfficer(state, context.actorId);
      if (!state.notice) throw CaseErrors.noticeRequired();
      if (state.decision) throw CaseErrors.decisionAlreadyMade();
      return [{ type: 'StatementRecorded', data: { occurredAt, summary: command.summary, waived: command.waived } }];
    case 'RequestHearing': {
      assertCaseOfficer(state, context.actorId);
      const notice = state.notice;
      if (!notice) throw CaseErrors.noticeRequired();
      if (state.decision) throw CaseErrors.decisionAlreadyMade();
      if (!notice.hearingEligible || !notice.hearingRequestDeadline) throw CaseErrors.hearingNotAvailable();
      if (waived(state)) throw CaseErrors.rightsWaived();
      if (state.hearing) throw CaseErrors.hearingAlreadyRequested();
      if (shanghaiDate(occurredAt) > notice.hearingRequestDeadline.date) {
        throw CaseErrors.hearingRequestTooLate(notice.hearingRequestDeadline.date);
      }
      return [{ type: 'HearingRequested', data: { occurredAt, requestedBy: context.actorId } }];
    }
    case 'HoldHearing':
      assertCaseOfficer(state, context.actorId);
      if (!state.hearing) throw CaseErrors.hearingNotRequested();
      if (state.hearing.heldAt) throw CaseErrors.hearingAlreadyHeld();
      if (state.officerIds.includes(command.chairOfficerId)) {
        throw CaseErrors.hearingChairIsInvestigator(command.chairOfficerId);
      }
      return [{ type: 'HearingHeld', data: { occurredAt, chairOfficerId: command.chairOfficerId, summary: command.summary } }];
    case 'HoldCollectiveDiscussion':
      if (!state.filing) throw CaseErrors.notFiled();
      if (state.decision) throw CaseErrors.decisionAlreadyMade();
      return [
        {
          type: 'CollectiveDiscussionHeld',
          data: { occurredAt, participantIds: [...command.participantIds], conclusion: command.conclusion },
        },
      ];
    case 'ExtendDecisionPeriod':
      return extendDecisionPeriod(command, state);
    case 'MakeDecision':
      return makeDecision(command, state);
    case 'DeliverDecision': {
      assertCaseOfficer(state, context.actorId);
      if (!state.decision) throw CaseErrors.notDecided();
      if (state.revocation) throw CaseErrors.decisionRevoked();
      if (state.delivery) throw CaseErrors.alreadyDelivered();
      const { calendar } = context;
      const deliveredOn = shanghaiDate(occurredAt);
      const rules = pinnedRuleSet(state.decision.ruleSetVersion, state.decision.decisionDate);
      // Delivery by public notice takes effect 30 days after publication (民事诉讼法 Art. 95).
      const effectiveOn =
        command.method === 'public_notice'
          ? calendar.addCalendarDays(deliveredOn, rules.publicNoticeEffectiveCalendarDays).deadline
          : deliveredOn;
      const payable =
        totalFen(state.decision.penalties, 'fine') + totalFen(state.decision.penalties, 'confiscation') > 0;
      return [
        {
          type: 'DecisionDelivered',
          data: {
            occurredAt,
            method: command.method,
            deliveredOn,
            effectiveOn,
            paymentDue: payable ? computed(calendar, calendar.addCalendarDays(effectiveOn, rules.paymentCalendarDays)) : null,
          },
        },
      ];
    }
    case 'RecordPayment': {
      if (!state.decision) throw CaseErrors.notDecided();
      if (!state.delivery) throw CaseErrors.notDelivered();
      if (state.revocation) throw CaseErrors.decisionRevoked();
      const paidOn = shanghaiDate(occurredAt);
      const due = amountDue(state, paidOn);
      if (due.principalFen === 0) throw CaseErrors.nothingToPay();
      if (command.amountFen > due.dueFen) throw CaseErrors.paymentExceedsAmountDue(due.dueFen);
      return [
        { type: 'PaymentRecorded', data: { occurredAt, amountFen: command.amountFen, paidOn, surchargeDueFen: due.surchargeFen } },
      ];
    }
    case 'RevokeDecision':
      if (!state.decision) throw CaseErrors.notDecided();
      if (state.revocation) throw CaseErrors.decisionRevoked();
      return [{ type: 'DecisionRevoked', data: { occurredAt, reason: command.reason, revokedBy: context.actorId } }];
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
    case 'CloseCase':
      return closeCase(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export function decideCase(command: CaseCommand, state: CaseState): CaseEvent[] {
  if (command.type === 'OpenCase') {
    if (state.status !== 'none') throw CaseErrors.alreadyOpened();
    return openCase(command);
  }
  if (state.status === 'none') throw CaseErrors.notFound('');
  return decideOpened(command, state);
}

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  decide: decideCase,
  evolve: evolveCase,
  initialState: initialCase,
};
