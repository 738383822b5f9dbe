import { shanghaiDate } from '../../shared/domain/calendar-date.js';
import type { CaseEvent, OpenedCase } from './case.js';
import type { CaseCommandOf } from './case.commands.js';
import { CaseErrors } from './case.errors.js';
import { assertCaseOfficer, assertDiscretion, assertPowers, computed } from './case.guards.js';
import { assertReviewed } from './legal-review.decider.js';
import { assertRightsRespected } from './notice.decider.js';
import { isHeavier } from './penalties.js';
import { isWithinSimpleProcedure, pinnedRuleSet, ruleSetOn } from './rule-sets.js';

/**
 * The decision (决定): on the spot by a case officer under the simple procedure; under the general procedure by the
 * head, after the party's rights have run their course, the legal review and, for major or complex cases, a
 * collective discussion (集体讨论), never heavier than the notice, within the decision period or its extensions;
 * and its revocation.
 */

export type DecisionCommand = CaseCommandOf<'HoldCollectiveDiscussion' | 'ExtendDecisionPeriod' | 'MakeDecision' | 'RevokeDecision'>;

function makeDecision(command: CaseCommandOf<'MakeDecision'>, state: OpenedCase): CaseEvent[] {
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
function extendDecisionPeriod(command: CaseCommandOf<'ExtendDecisionPeriod'>, state: OpenedCase): CaseEvent[] {
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

export function decideDecision(command: DecisionCommand, state: OpenedCase): CaseEvent[] {
  const { context, occurredAt } = command;
  switch (command.type) {
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
    case 'RevokeDecision':
      if (!state.decision) throw CaseErrors.notDecided();
      if (state.revocation) throw CaseErrors.decisionRevoked();
      return [{ type: 'DecisionRevoked', data: { occurredAt, reason: command.reason, revokedBy: context.actorId } }];
  }
}
