import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../../eventstore/testing/decider-spec.js';
import { type PoolEntity, seedCommitment } from './draw.js';
import { type PlanCommand, decidePlan, planDecider } from './plan.decider.js';
import type { PlanDefinition, PlanEvent } from './plan.js';
import { PLANNING_RULE_SETS } from './planning-rules.js';

const SEED = 'the seed of the planner, kept until the draw';
const rules = PLANNING_RULE_SETS[0]!;
const entity = (n: number, riskLevel: PoolEntity['riskLevel'] = 'low', sector = '工贸'): PoolEntity => ({
  creditCode: `CODE${String(n).padStart(4, '0')}`,
  name: `企业${n}`,
  sector,
  riskLevel,
  address: `大足区${n}号`,
});
const pool = [...Array.from({ length: 6 }, (_, i) => entity(i + 1)), entity(7, 'major'), entity(8, 'low', '危险化学品')];
const inspectors = ['a', 'b', 'c'].map((id) => ({ officerId: id, name: id.toUpperCase() }));

const definition: PlanDefinition = {
  planId: 'plan-1',
  agencyId: 'dazu-emb',
  name: '计划',
  items: [{ itemId: 'item-1', code: 'YJ-01', title: '检查', legalBasis: '《安全生产法》第六十五条' }],
  filters: { sectors: ['工贸'], riskLevels: [] },
  sample: { kind: 'count', count: 2 },
  period: { from: '2026-04-01', to: '2026-06-30' },
  teamSize: 2,
  keyInspections: [],
  seedCommitment: seedCommitment(SEED),
  seedHeldBy: 'planner',
  createdBy: 'head-1',
};
const created: PlanEvent = { type: 'PlanCreated', data: { ...definition, occurredAt: '2026-03-02T09:00:00+08:00' } };

const drawCommand = (overrides: Partial<Extract<PlanCommand, { type: 'DrawPlan' }>> = {}): PlanCommand => ({
  type: 'DrawPlan',
  occurredAt: '2026-03-03T09:00:00+08:00',
  drawnBy: 'head-1',
  seed: SEED,
  pool,
  entityPoolVersion: 3,
  inspectors,
  inspectorsCertifiedFrom: '2026-03-03',
  recusals: [],
  selections: { counts: {} },
  selectionsVersion: 0,
  rules,
  ...overrides,
});

const spec = deciderSpec(planDecider);
const drawnEvent = decidePlan(drawCommand(), [created].reduce(planDecider.evolve, planDecider.initialState()))[0]!;

describe('a planned plan', () => {
  it('draws from its filtered pool, recording the inputs, the result and their fingerprints', () => {
    expect(drawnEvent.type).toBe('PlanDrawn');
    if (drawnEvent.type !== 'PlanDrawn') return;
    expect(drawnEvent.data.inputs.entities.map((e) => e.creditCode)).toEqual(pool.slice(0, 7).map((e) => e.creditCode));
    expect(drawnEvent.data.result.assignments).toHaveLength(2);
    expect(drawnEvent.data.sources).toEqual({
      entityPoolVersion: 3,
      inspectorsCertifiedFrom: '2026-03-03',
      inspectorsCertifiedUntil: '2026-06-30',
      selectionsVersion: 0,
    });
    expect(drawnEvent.data.fingerprints.resultHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a seed that is not the one committed to', () => {
    spec.given([created]).when(drawCommand({ seed: 'another seed' })).thenThrows('SEED_COMMITMENT_MISMATCH');
  });

  it('excludes entities at the frequency cap and records why', () => {
    const counts = Object.fromEntries(pool.slice(0, 5).map((e) => [e.creditCode, rules.maxSelectionsPerEntityPerYear]));
    const [event] = decidePlan(drawCommand({ selections: { counts } }), [created].reduce(planDecider.evolve, planDecider.initialState()));
    if (event?.type !== 'PlanDrawn') throw new Error('no draw');
    expect(event.data.inputs.excluded.map((e) => e.creditCode)).toEqual(pool.slice(0, 5).map((e) => e.creditCode));
    expect(event.data.result.eligible).toBe(2);
  });

  it('takes key inspections of high-risk entities only, and not past the cap', () => {
    const withKey = (creditCode: string): PlanEvent => ({
      type: 'PlanCreated',
      data: { ...created.data, keyInspections: [{ creditCode, reason: '投诉举报' }] },
    });
    spec.given([withKey(entity(1).creditCode)]).when(drawCommand()).thenThrows('KEY_ENTITY_NOT_HIGH_RISK');
    spec.given([withKey(entity(8).creditCode)]).when(drawCommand()).thenThrows('KEY_ENTITY_NOT_IN_POOL');
    spec
      .given([withKey(entity(7).creditCode)])
      .when(drawCommand({ selections: { counts: { [entity(7).creditCode]: 2 } } }))
      .thenThrows('FREQUENCY_CAP_REACHED');
  });

  it('refuses a draw that leaves a team short', () => {
    spec.given([created]).when(drawCommand({ inspectors: inspectors.slice(0, 1) })).thenThrows('TOO_FEW_INSPECTORS');
  });

  it('cannot record an inspection before the draw', () => {
    spec
      .given([created])
      .when({ type: 'RecordInspectionOpened', occurredAt: '2026-04-02T09:00:00+08:00', creditCode: 'CODE0001', caseId: 'c', actorId: 'a', actorIsHead: false })
      .thenThrows('PLAN_NOT_DRAWN');
  });
});

describe('a drawn plan', () => {
  const drawn = drawnEvent as Extract<PlanEvent, { type: 'PlanDrawn' }>;
  const first = drawn.data.result.assignments[0]!;
  const open = (overrides: Record<string, unknown> = {}): PlanCommand => ({
    type: 'RecordInspectionOpened',
    occurredAt: '2026-04-02T09:00:00+08:00',
    creditCode: first.creditCode,
    caseId: 'case-1',
    actorId: first.inspectorIds[0]!,
    actorIsHead: false,
    ...overrides,
  });

  it('is never drawn again', () => {
    spec.given([created, drawn]).when(drawCommand()).thenThrows('PLAN_ALREADY_DRAWN');
  });

  it('records an inspection by a member of the drawn team, within the period, once', () => {
    spec.given([created, drawn]).when(open()).then([
      {
        type: 'PlanInspectionOpened',
        data: { planId: 'plan-1', creditCode: first.creditCode, caseId: 'case-1', openedBy: first.inspectorIds[0]!, occurredAt: '2026-04-02T09:00:00+08:00' },
      },
    ]);
    const outsider = inspectors.map((i) => i.officerId).find((id) => !first.inspectorIds.includes(id))!;
    spec.given([created, drawn]).when(open({ actorId: outsider })).thenThrows('NOT_ON_TEAM');
    spec.given([created, drawn]).when(open({ occurredAt: '2026-07-01T09:00:00+08:00' })).thenThrows('INSPECTION_OUTSIDE_PERIOD');
    spec.given([created, drawn]).when(open({ creditCode: 'CODE9999' })).thenThrows('PLAN_ASSIGNMENT_NOT_FOUND');
    const opened = decidePlan(open(), [created, drawn].reduce(planDecider.evolve, planDecider.initialState()));
    spec.given([created, drawn, ...opened]).when(open({ caseId: 'case-2' })).thenThrows('INSPECTION_ALREADY_OPENED');
  });

  it('completes only when every drawn inspection has its case', () => {
    const complete: PlanCommand = { type: 'CompletePlan', occurredAt: '2026-07-01T09:00:00+08:00', completedBy: 'head-1', results: [] };
    spec.given([created, drawn]).when(complete).thenThrows('INSPECTIONS_OUTSTANDING');
    const history = drawn.data.result.assignments.map(
      (a, n): PlanEvent => ({
        type: 'PlanInspectionOpened',
        data: { planId: 'plan-1', creditCode: a.creditCode, caseId: `case-${n}`, openedBy: 'head-1', occurredAt: '2026-04-02T09:00:00+08:00' },
      }),
    );
    expect(decidePlan(complete, [created, drawn, ...history].reduce(planDecider.evolve, planDecider.initialState()))).toHaveLength(1);
  });
});
