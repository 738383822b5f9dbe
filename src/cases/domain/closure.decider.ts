import { shanghaiDate } from '../../shared/domain/calendar-date.js';
import type { CaseEvent, OpenedCase } from './case.js';
import type { CaseCommandOf } from './case.commands.js';
import { CaseErrors } from './case.errors.js';
import { assertTimeline } from './case.guards.js';
import { amountDue, referredForEnforcement } from './execution.js';

/**
 * Closure (结案): once the hazards are put right where nothing was filed, or once the decision is executed, paid in
 * full or referred to the court for enforcement; with the reason it closed for. A closed case takes corrections only.
 */

export function closeCase(command: CaseCommandOf<'CloseCase'>, state: OpenedCase): CaseEvent[] {
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

/** A correction of a record, approved and dated by its own step: allowed on a closed case, in no order with the others. */
export function correctCase(command: CaseCommandOf<'CorrectCase'>): CaseEvent[] {
  const { context } = command;
  assertTimeline(command.occurredAt, null, context.now);
  return [
    {
      type: 'CaseCorrected',
      data: { occurredAt: command.occurredAt, reason: command.reason, correction: command.correction, approvedBy: context.actorId },
    },
  ];
}
