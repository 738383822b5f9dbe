import type { Decider } from '../../eventstore/command-handling.js';
import { type CaseEvent, type CaseState, type OpenedCase, evolveCase, initialCase } from './case.js';
import type { CaseCommand, CaseContext } from './case.commands.js';
import { CaseErrors } from './case.errors.js';
import { assertTimeline } from './case.guards.js';
import { closeCase, correctCase } from './closure.decider.js';
import { decideDecision } from './decision.decider.js';
import { decideDelivery } from './delivery.decider.js';
import { EXECUTION_COMMANDS, type ExecutionCommand, decideExecution } from './execution.js';
import { accessEvidence, decideFiling } from './filing.decider.js';
import { decideInspection, openCase } from './inspection.decider.js';
import { decideLegalReview } from './legal-review.decider.js';
import { decideNotice } from './notice.decider.js';
import { PERSON_COMMANDS, type PersonCommand, decidePersons } from './persons.decider.js';
export type { CaseCommand, CaseContext, DeadlineCalendar, OfficerSnapshot } from './case.commands.js';
export { amountDue } from './execution.js';

/**
 * A case's decisions, each stage of the case in a file of its own: inspection and rectification, filing and evidence,
 * notice and hearing, legal review, decision, delivery and payment, execution, the persons of the case, closure.
 * Here each command is sent to its stage, after the rules every step shares.
 */

const isExecution = (command: CaseCommand): command is Extract<CaseCommand, ExecutionCommand & { context: CaseContext }> =>
  (EXECUTION_COMMANDS as readonly string[]).includes(command.type);

const isPersons = (command: CaseCommand): command is Extract<CaseCommand, PersonCommand & { context: CaseContext }> =>
  (PERSON_COMMANDS as readonly string[]).includes(command.type);

function decideOpened(command: Exclude<CaseCommand, { type: 'OpenCase' }>, state: OpenedCase): CaseEvent[] {
  const { context } = command;
  // Reading the evidence and correcting a record are allowed on a closed case, in no order with the other steps.
  if (command.type === 'AccessEvidence') return accessEvidence(command, state);
  if (command.type === 'CorrectCase') return correctCase(command);
  if (state.status === 'closed') throw CaseErrors.closed();
  assertTimeline(command.occurredAt, state.lastOccurredAt, context.now);
  const occurredAt = command.occurredAt;

  if (isExecution(command)) {
    return decideExecution(command, state, { occurredAt, actorId: context.actorId, calendar: context.calendar });
  }
  if (isPersons(command)) return decidePersons(command, state, { occurredAt, actorId: context.actorId });

  switch (command.type) {
    case 'RecordHazard':
    case 'OrderRectification':
    case 'CheckRectification':
      return decideInspection(command, state);
    case 'FileCase':
    case 'RecordEvidence':
      return decideFiling(command, state);
    case 'IssuePenaltyNotice':
    case 'RecordStatement':
    case 'RequestHearing':
    case 'HoldHearing':
      return decideNotice(command, state);
    case 'SubmitLegalReview':
    case 'RecordReviewOpinion':
      return decideLegalReview(command, state);
    case 'HoldCollectiveDiscussion':
    case 'ExtendDecisionPeriod':
    case 'MakeDecision':
    case 'RevokeDecision':
      return decideDecision(command, state);
    case 'DeliverDecision':
    case 'RecordPayment':
      return decideDelivery(command, state);
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
