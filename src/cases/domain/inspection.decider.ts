import { shanghaiDate } from '../../shared/domain/calendar-date.js';
import type { CaseEvent, OpenedCase } from './case.js';
import type { CaseCommandOf } from './case.commands.js';
import { CaseErrors } from './case.errors.js';
import { assertCaseOfficer, assertTimeline } from './case.guards.js';

/**
 * The inspection (检查) that opens a case, the hazards it finds (隐患) and their rectification (整改): ordered on the
 * spot or within a time limit, and checked. A major hazard halts the affected work while it is removed.
 */

export type InspectionCommand = CaseCommandOf<'RecordHazard' | 'OrderRectification' | 'CheckRectification'>;

export function openCase(command: CaseCommandOf<'OpenCase'>): CaseEvent[] {
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

function hazardsOf(state: OpenedCase, ids: readonly string[]) {
  return ids.map((id) => {
    const hazard = state.hazards.find((h) => h.hazardId === id);
    if (!hazard) throw CaseErrors.hazardNotFound(id);
    return hazard;
  });
}

export function decideInspection(command: InspectionCommand, state: OpenedCase): CaseEvent[] {
  const { context, occurredAt } = command;
  assertCaseOfficer(state, context.actorId);
  switch (command.type) {
    case 'RecordHazard':
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
      for (const hazard of hazardsOf(state, command.hazardIds)) {
        if (hazard.rectification === 'none') throw CaseErrors.rectificationNotOrdered(hazard.hazardId);
        if (hazard.rectification === 'rectified') throw CaseErrors.hazardAlreadyRectified(hazard.hazardId);
      }
      return [{ type: 'RectificationChecked', data: { occurredAt, hazardIds: [...command.hazardIds], result: command.result } }];
  }
}
