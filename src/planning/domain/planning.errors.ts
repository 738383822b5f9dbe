import { DomainError } from '../../shared/domain/errors.js';
import type { LineProblem } from './entity-csv.js';

const conflict = (code: string, message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError(code, message, 'conflict', details);

export const PlanningErrors = {
  csvInvalid: (lines: readonly LineProblem[]) =>
    new DomainError('CSV_INVALID', `${lines.length} line(s) of the file are invalid; nothing was imported`, 'invalid', {
      lines,
      errors: lines.flatMap((l) => l.problems.map((p) => ({ field: `csv[line ${l.line}].${p.field}`, messages: [p.message] }))),
    }),
  nothingToImport: () => new DomainError('CSV_EMPTY', 'The file holds no valid entity', 'invalid'),
  entityNotFound: (creditCode: string) =>
    new DomainError('POOL_ENTITY_NOT_FOUND', `${creditCode} is not in the entity pool`, 'not_found', { creditCode }),
  itemNotFound: (itemId: string) =>
    new DomainError('INSPECTION_ITEM_NOT_FOUND', `Inspection item ${itemId} is not published`, 'not_found', { itemId }),
  itemCodeTaken: (code: string) => conflict('INSPECTION_ITEM_CODE_TAKEN', `An item with code ${code} is already published`, { code }),
  recusalExists: (officerId: string, creditCode: string) =>
    conflict('RECUSAL_EXISTS', `Officer ${officerId} is already recused from ${creditCode}`, { officerId, creditCode }),
  recusalNotFound: (recusalId: string) =>
    new DomainError('RECUSAL_NOT_FOUND', `Recusal ${recusalId} was not found`, 'not_found', { recusalId }),
  officerNotOfAgency: (officerId: string) =>
    conflict('OFFICER_NOT_OF_AGENCY', `Officer ${officerId} is not registered with this agency`, { officerId }),
  planNotFound: (planId: string) => new DomainError('PLAN_NOT_FOUND', `Plan ${planId} was not found`, 'not_found', { planId }),
  periodSpansYears: () =>
    new DomainError('PLAN_PERIOD_SPANS_YEARS', 'A plan period lies within one calendar year (the frequency cap is per year)', 'invalid'),
  periodReversed: () => new DomainError('PLAN_PERIOD_REVERSED', 'The period ends before it starts', 'invalid'),
  alreadyDrawn: () => conflict('PLAN_ALREADY_DRAWN', 'The plan has been drawn; a draw is never repeated'),
  notDrawn: () => conflict('PLAN_NOT_DRAWN', 'The plan has not been drawn yet'),
  completed: () => conflict('PLAN_COMPLETED', 'The plan is complete'),
  seedRequired: () =>
    new DomainError('SEED_REQUIRED', 'The plan committed to a seed of the planner: reveal it to draw', 'invalid'),
  seedMismatch: (commitment: string) =>
    conflict('SEED_COMMITMENT_MISMATCH', 'sha256 of the revealed seed is not the commitment recorded with the plan', {
      seedCommitment: commitment,
    }),
  keyEntityNotInPool: (creditCode: string) =>
    conflict('KEY_ENTITY_NOT_IN_POOL', `${creditCode} is not in the plan's filtered entity pool`, { creditCode }),
  keyEntityNotHighRisk: (creditCode: string) =>
    conflict('KEY_ENTITY_NOT_HIGH_RISK', `${creditCode} is not a high-risk entity: key inspections are for high and major risk`, {
      creditCode,
    }),
  keyEntityAtCap: (creditCode: string, cap: number) =>
    conflict('FREQUENCY_CAP_REACHED', `${creditCode} has been selected ${cap} time(s) this year, the cap`, { creditCode, cap }),
  tooFewInspectors: (details: Record<string, unknown>) =>
    conflict('TOO_FEW_INSPECTORS', 'Not enough certified inspectors without a recusal to form a team', details),
  nothingToDraw: () => conflict('NOTHING_TO_DRAW', 'No entity is eligible and no key inspection is planned'),
  assignmentNotFound: (creditCode: string) =>
    new DomainError('PLAN_ASSIGNMENT_NOT_FOUND', `${creditCode} was not drawn in this plan`, 'not_found', { creditCode }),
  inspectionAlreadyOpened: (creditCode: string, caseId: string) =>
    conflict('INSPECTION_ALREADY_OPENED', `The inspection of ${creditCode} is case ${caseId}`, { creditCode, caseId }),
  outsidePeriod: (date: string) =>
    conflict('INSPECTION_OUTSIDE_PERIOD', `${date} is outside the plan's period`, { date }),
  notOnTeam: (actorId: string) =>
    new DomainError('NOT_ON_TEAM', `${actorId} is not on the team drawn for this inspection`, 'forbidden', { actorId }),
  inspectionsOutstanding: (creditCodes: readonly string[]) =>
    conflict('INSPECTIONS_OUTSTANDING', `${creditCodes.length} drawn inspection(s) have no case yet`, { creditCodes }),
} as const;
