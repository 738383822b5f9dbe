import type { Decider } from '../../eventstore/command-handling.js';
import { type CalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import {
  DRAW_ALGORITHM,
  DrawError,
  HIGH_RISK_LEVELS,
  type PoolEntity,
  type PoolInspector,
  type Recusal,
  fingerprints,
  normalizeInputs,
  runDraw,
  seedCommitment,
} from './draw.js';
import { type InspectionResult, type Plan, type PlanDefinition, type PlanEvent, type Selections, evolvePlan, initialPlan } from './plan.js';
import type { PlanningRuleSet } from './planning-rules.js';
import { PlanningErrors } from './planning.errors.js';

export type PlanCommand =
  | { readonly type: 'CreatePlan'; readonly occurredAt: string; readonly definition: PlanDefinition }
  | {
      readonly type: 'DrawPlan';
      readonly occurredAt: string;
      readonly drawnBy: string;
      readonly seed: string;
      /** The whole entity pool of the agency as it stands; the plan's filters are applied here. */
      readonly pool: readonly PoolEntity[];
      readonly entityPoolVersion: number;
      readonly inspectors: readonly PoolInspector[];
      readonly inspectorsCertifiedFrom: CalendarDate;
      readonly recusals: readonly Recusal[];
      readonly selections: Selections;
      readonly selectionsVersion: number;
      readonly rules: PlanningRuleSet;
    }
  | {
      readonly type: 'RecordInspectionOpened';
      readonly occurredAt: string;
      readonly creditCode: string;
      readonly caseId: string;
      readonly actorId: string;
      readonly actorIsHead: boolean;
    }
  | { readonly type: 'CompletePlan'; readonly occurredAt: string; readonly completedBy: string; readonly results: readonly InspectionResult[] };

type Active = Exclude<Plan, { status: 'none' }>;

function active(state: Plan, planId: string): Active {
  if (state.status === 'none') throw PlanningErrors.planNotFound(planId);
  return state;
}

function create(command: Extract<PlanCommand, { type: 'CreatePlan' }>, state: Plan): PlanEvent[] {
  if (state.status !== 'none') throw PlanningErrors.alreadyDrawn();
  const { period } = command.definition;
  if (period.to < period.from) throw PlanningErrors.periodReversed();
  if (period.from.slice(0, 4) !== period.to.slice(0, 4)) throw PlanningErrors.periodSpansYears();
  return [{ type: 'PlanCreated', data: { ...command.definition, occurredAt: command.occurredAt } }];
}

function draw(command: Extract<PlanCommand, { type: 'DrawPlan' }>, plan: Active): PlanEvent[] {
  if (plan.status !== 'planned') throw PlanningErrors.alreadyDrawn();
  if (seedCommitment(command.seed) !== plan.seedCommitment) throw PlanningErrors.seedMismatch(plan.seedCommitment);

  const { sectors, riskLevels } = plan.filters;
  const entities = command.pool.filter(
    (e) => (sectors.length === 0 || sectors.includes(e.sector)) && (riskLevels.length === 0 || riskLevels.includes(e.riskLevel)),
  );
  const cap = command.rules.maxSelectionsPerEntityPerYear;
  const countOf = (creditCode: string) => command.selections.counts[creditCode] ?? 0;
  for (const key of plan.keyInspections) {
    const entity = entities.find((e) => e.creditCode === key.creditCode);
    if (!entity) throw PlanningErrors.keyEntityNotInPool(key.creditCode);
    if (!HIGH_RISK_LEVELS.includes(entity.riskLevel)) throw PlanningErrors.keyEntityNotHighRisk(key.creditCode);
    if (countOf(key.creditCode) >= cap) throw PlanningErrors.keyEntityAtCap(key.creditCode, cap);
  }
  const inPool = new Set(entities.map((e) => e.creditCode));
  const inputs = normalizeInputs({
    algorithm: DRAW_ALGORITHM,
    seed: command.seed,
    entities,
    inspectors: command.inspectors,
    excluded: entities
      .filter((e) => countOf(e.creditCode) >= cap)
      .map((e) => ({ creditCode: e.creditCode, reason: `frequency_cap: selected ${countOf(e.creditCode)} of ${cap} this year` })),
    keyEntities: plan.keyInspections.map((k) => k.creditCode),
    // Only the links that can matter to this draw are recorded with it.
    recusals: command.recusals.filter((r) => inPool.has(r.creditCode) && command.inspectors.some((i) => i.officerId === r.officerId)),
    sample: plan.sample,
    teamSize: plan.teamSize,
  });

  let result;
  try {
    result = runDraw(inputs);
  } catch (error) {
    if (error instanceof DrawError && error.reason === 'too_few_inspectors') {
      throw PlanningErrors.tooFewInspectors({ ...error.details, inspectors: inputs.inspectors.length });
    }
    throw error;
  }
  if (result.assignments.length === 0) throw PlanningErrors.nothingToDraw();
  return [
    {
      type: 'PlanDrawn',
      data: {
        occurredAt: command.occurredAt,
        planId: plan.planId,
        drawnBy: command.drawnBy,
        seedCommitment: plan.seedCommitment,
        inputs,
        result,
        fingerprints: fingerprints(inputs, result),
        sources: {
          entityPoolVersion: command.entityPoolVersion,
          inspectorsCertifiedFrom: command.inspectorsCertifiedFrom,
          inspectorsCertifiedUntil: plan.period.to,
          selectionsVersion: command.selectionsVersion,
        },
        rules: { version: command.rules.version, maxSelectionsPerEntityPerYear: cap },
        year: plan.period.from.slice(0, 4),
      },
    },
  ];
}

function recordOpened(command: Extract<PlanCommand, { type: 'RecordInspectionOpened' }>, plan: Active): PlanEvent[] {
  if (plan.status === 'completed') throw PlanningErrors.completed();
  if (plan.status !== 'drawn' || !plan.draw) throw PlanningErrors.notDrawn();
  const assignment = plan.draw.result.assignments.find((a) => a.creditCode === command.creditCode);
  if (!assignment) throw PlanningErrors.assignmentNotFound(command.creditCode);
  const opened = plan.opened[command.creditCode];
  if (opened) throw PlanningErrors.inspectionAlreadyOpened(command.creditCode, opened.caseId);
  if (!command.actorIsHead && !assignment.inspectorIds.includes(command.actorId)) throw PlanningErrors.notOnTeam(command.actorId);
  const day = shanghaiDate(command.occurredAt);
  if (day < plan.period.from || day > plan.period.to) throw PlanningErrors.outsidePeriod(day);
  return [
    {
      type: 'PlanInspectionOpened',
      data: { planId: plan.planId, creditCode: command.creditCode, caseId: command.caseId, openedBy: command.actorId, occurredAt: command.occurredAt },
    },
  ];
}

function complete(command: Extract<PlanCommand, { type: 'CompletePlan' }>, plan: Active): PlanEvent[] {
  if (plan.status === 'completed') throw PlanningErrors.completed();
  if (plan.status !== 'drawn' || !plan.draw) throw PlanningErrors.notDrawn();
  const outstanding = plan.draw.result.assignments.filter((a) => !plan.opened[a.creditCode]).map((a) => a.creditCode);
  if (outstanding.length > 0) throw PlanningErrors.inspectionsOutstanding(outstanding);
  return [
    {
      type: 'PlanCompleted',
      data: { planId: plan.planId, completedBy: command.completedBy, results: [...command.results], occurredAt: command.occurredAt },
    },
  ];
}

export function decidePlan(command: PlanCommand, state: Plan): PlanEvent[] {
  switch (command.type) {
    case 'CreatePlan':
      return create(command, state);
    case 'DrawPlan':
      return draw(command, active(state, ''));
    case 'RecordInspectionOpened':
      return recordOpened(command, active(state, ''));
    case 'CompletePlan':
      return complete(command, active(state, ''));
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

export const planDecider: Decider<PlanCommand, PlanEvent, Plan> = {
  decide: decidePlan,
  evolve: evolvePlan,
  initialState: initialPlan,
};
