import { DRAW_ALGORITHM, type RecordedDraw } from '../domain/draw.js';
import type { Plan } from '../domain/plan.js';

type Active = Exclude<Plan, { status: 'none' }>;

/** Where the algorithm is specified, named in every published draw. */
export const DRAW_SPECIFICATION = 'docs/adr/0010-random-draws.md';

export function recordedDraw(plan: Active): RecordedDraw | null {
  if (!plan.draw) return null;
  const { seedCommitment, inputs, result, fingerprints } = plan.draw;
  return { seedCommitment, inputs, result, fingerprints };
}

/**
 * What the public sees of a plan: the plan and its seed commitment from the start, the whole draw (seed, frozen
 * pools, recusals, exclusions, result, fingerprints) once drawn, and the results once the plan is complete.
 * Nothing here is personal data beyond inspectors' names and officer ids, which enforcement publication names anyway.
 */
export function publicPlanView(plan: Active) {
  const names = new Map(plan.draw?.inputs.inspectors.map((i) => [i.officerId, i.name]) ?? []);
  const entities = new Map(plan.draw?.inputs.entities.map((e) => [e.creditCode, e]) ?? []);
  return {
    planId: plan.planId,
    agencyId: plan.agencyId,
    name: plan.name,
    status: plan.status,
    createdAt: plan.createdAt,
    items: plan.items,
    filters: plan.filters,
    sample: plan.sample,
    period: plan.period,
    inspectorsPerTeam: plan.teamSize,
    keyInspections: plan.keyInspections,
    seedCommitment: plan.seedCommitment,
    draw: plan.draw
      ? {
          drawnAt: plan.draw.drawnAt,
          algorithm: plan.draw.inputs.algorithm,
          specification: DRAW_SPECIFICATION,
          seedCommitment: plan.draw.seedCommitment,
          inputs: plan.draw.inputs,
          result: plan.draw.result,
          fingerprints: plan.draw.fingerprints,
          rules: plan.draw.rules,
          sources: plan.draw.sources,
        }
      : null,
    assignments:
      plan.draw?.result.assignments.map((a) => ({
        creditCode: a.creditCode,
        name: entities.get(a.creditCode)?.name ?? null,
        kind: a.kind,
        inspectors: a.inspectorIds.map((id) => ({ officerId: id, name: names.get(id) ?? null })),
      })) ?? [],
    results: plan.completion ? { completedAt: plan.completion.completedAt, inspections: plan.completion.results } : null,
  };
}

export type PublicPlanView = ReturnType<typeof publicPlanView>;

export const SUPPORTED_ALGORITHMS = [DRAW_ALGORITHM];
