import type { DomainEvent } from '../../eventstore/command-handling.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import type { DrawFingerprints, DrawInputs, DrawResult, RiskLevel, SampleSpec } from './draw.js';

export const planStreamId = (planId: string): string => `plan-${planId}`;
/** Selections per agency and year: the frequency cap is enforced by this stream's expected version. */
export const selectionsStreamId = (agencyId: string, year: string): string => `selections-${agencyId}-${year}`;

export interface PlanItem {
  readonly itemId: string;
  readonly code: string;
  readonly title: string;
  readonly legalBasis: string;
}

export interface PlanFilters {
  /** Empty: every sector. */
  readonly sectors: readonly string[];
  /** Empty: every level. */
  readonly riskLevels: readonly RiskLevel[];
}

export interface KeyInspection {
  readonly creditCode: string;
  readonly reason: string;
}

export interface PlanDefinition {
  readonly planId: string;
  readonly agencyId: string;
  readonly name: string;
  readonly items: readonly PlanItem[];
  readonly filters: PlanFilters;
  readonly sample: SampleSpec;
  readonly period: { readonly from: CalendarDate; readonly to: CalendarDate };
  readonly teamSize: number;
  readonly keyInspections: readonly KeyInspection[];
  /** sha256(seed), hex, recorded before the draw. */
  readonly seedCommitment: string;
  /** Who holds the seed until the draw: the planner, or the server (kept out of the event log until revealed). */
  readonly seedHeldBy: 'planner' | 'server';
  readonly createdBy: string;
}

export interface RecordedDrawData {
  readonly planId: string;
  readonly drawnBy: string;
  readonly seedCommitment: string;
  readonly inputs: DrawInputs;
  readonly result: DrawResult;
  readonly fingerprints: DrawFingerprints;
  /** Where the frozen snapshots came from: the entity pool's stream version, the inspectors' certification window. */
  readonly sources: {
    readonly entityPoolVersion: number;
    readonly inspectorsCertifiedFrom: CalendarDate;
    readonly inspectorsCertifiedUntil: CalendarDate;
    readonly selectionsVersion: number;
  };
  readonly rules: { readonly version: string; readonly maxSelectionsPerEntityPerYear: number };
  readonly year: string;
}

export type InspectionResult = {
  readonly creditCode: string;
  readonly name: string;
  readonly kind: 'random' | 'key';
  readonly caseId: string;
  readonly inspectedOn: CalendarDate;
  readonly hazardsFound: number;
  readonly hazardsRectified: number;
  /** What the case had come to when the plan was completed. */
  readonly conclusion: 'no_hazards' | 'hazards_rectified' | 'rectification_pending' | 'penalty_decided' | 'case_filed';
};

export type PlanEvent =
  | DomainEvent<'PlanCreated', PlanDefinition & { occurredAt: string }>
  | DomainEvent<'PlanDrawn', RecordedDrawData & { occurredAt: string }>
  | DomainEvent<'PlanInspectionOpened', { planId: string; creditCode: string; caseId: string; openedBy: string; occurredAt: string }>
  | DomainEvent<'PlanCompleted', { planId: string; completedBy: string; results: InspectionResult[]; occurredAt: string }>;

export type SelectionsEvent = DomainEvent<
  'EntitiesSelected',
  { agencyId: string; year: string; planId: string; creditCodes: string[]; occurredAt: string }
>;

export interface Selections {
  /** How often each entity was selected (random or key) this year, by credit code. */
  readonly counts: Readonly<Record<string, number>>;
}

export function evolveSelections(state: Selections, event: SelectionsEvent): Selections {
  if (event.type !== 'EntitiesSelected') return state;
  const counts = { ...state.counts };
  for (const code of event.data.creditCodes) counts[code] = (counts[code] ?? 0) + 1;
  return { counts };
}
export const initialSelections = (): Selections => ({ counts: {} });

export type Plan =
  | { readonly status: 'none' }
  | (PlanDefinition & {
      readonly status: 'planned' | 'drawn' | 'completed';
      readonly createdAt: string;
      readonly draw: (RecordedDrawData & { readonly drawnAt: string }) | null;
      /** Case ids by credit code, as the drawn inspections are carried out. */
      readonly opened: Readonly<Record<string, { readonly caseId: string; readonly openedAt: string }>>;
      readonly completion: { readonly completedAt: string; readonly completedBy: string; readonly results: readonly InspectionResult[] } | null;
    });

export const initialPlan = (): Plan => ({ status: 'none' });

export function evolvePlan(state: Plan, event: PlanEvent): Plan {
  switch (event.type) {
    case 'PlanCreated': {
      const { occurredAt, ...definition } = event.data;
      return { ...definition, status: 'planned', createdAt: occurredAt, draw: null, opened: {}, completion: null };
    }
    case 'PlanDrawn': {
      if (state.status === 'none') return state;
      const { occurredAt, ...draw } = event.data;
      return { ...state, status: 'drawn', draw: { ...draw, drawnAt: occurredAt } };
    }
    case 'PlanInspectionOpened':
      if (state.status === 'none') return state;
      return {
        ...state,
        opened: { ...state.opened, [event.data.creditCode]: { caseId: event.data.caseId, openedAt: event.data.occurredAt } },
      };
    case 'PlanCompleted':
      if (state.status === 'none') return state;
      return {
        ...state,
        status: 'completed',
        completion: { completedAt: event.data.occurredAt, completedBy: event.data.completedBy, results: event.data.results },
      };
    default: {
      void (event satisfies never);
      return state;
    }
  }
}
