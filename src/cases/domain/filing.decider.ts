import { type CalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import type { CaseEvent, OpenedCase, Violation } from './case.js';
import type { CaseCommandOf } from './case.commands.js';
import { CaseErrors } from './case.errors.js';
import { assertCaseOfficer, computed } from './case.guards.js';
import { addMonths } from './execution.js';
import { type PenaltyRuleSet, isWithinSimpleProcedure, ruleSetOn } from './rule-sets.js';

/**
 * Filing (立案) with the head's approval, within the limitation period, under the general or the simple procedure,
 * which starts the decision period; and the investigation's evidence (调查取证), superseded but never removed, and
 * every reading of it logged.
 */

export type FilingCommand = CaseCommandOf<'FileCase' | 'RecordEvidence'>;

/** No penalty for a violation that went undiscovered too long (APL 2017 Art. 29, 2021 Art. 36); the inspection discovered it. */
const addYears = (date: CalendarDate, years: number): CalendarDate => addMonths(date, 12 * years);

function assertWithinLimitation(violations: readonly Violation[], discoveredOn: CalendarDate, rules: PenaltyRuleSet): void {
  for (const violation of violations) {
    if (violation.committedOn === undefined) continue;
    const years = (violation.harmful === true ? rules.harmfulLimitationYears : null) ?? rules.limitationYears;
    if (discoveredOn > addYears(violation.committedOn, years)) throw CaseErrors.limitationExpired(violation.committedOn, years, discoveredOn);
  }
}

function fileCase(command: CaseCommandOf<'FileCase'>, state: OpenedCase): CaseEvent[] {
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

export function decideFiling(command: FilingCommand, state: OpenedCase): CaseEvent[] {
  assertCaseOfficer(state, command.context.actorId);
  switch (command.type) {
    case 'FileCase':
      return fileCase(command, state);
    case 'RecordEvidence': {
      if (command.supersedes) {
        const previous = state.evidence.find((e) => e.evidenceId === command.supersedes);
        if (!previous) throw CaseErrors.evidenceNotFound(command.supersedes);
        if (previous.supersededBy) throw CaseErrors.evidenceAlreadySuperseded(command.supersedes);
      }
      const { type: _t, context: _c, ...evidence } = command;
      return [{ type: 'EvidenceRecorded', data: evidence }];
    }
  }
}

/** A reading of the evidence, logged with its reason; allowed on a closed case too, and dated by the server. */
export function accessEvidence(command: CaseCommandOf<'AccessEvidence'>, state: OpenedCase): CaseEvent[] {
  const { context } = command;
  if (!state.evidence.some((e) => e.evidenceId === command.evidenceId)) throw CaseErrors.evidenceNotFound(command.evidenceId);
  return [
    {
      type: 'EvidenceAccessed',
      data: { occurredAt: context.now, evidenceId: command.evidenceId, accessedBy: context.actorId, reason: command.reason },
    },
  ];
}
