import type { Role } from '../shared/domain/roles.js';
import { FIGURES, type Figure as ReportFigure } from '../reporting/domain/statistics-facts.js';

/** A value the server assigns (an officer's, a case's, a hazard's or a review's id), filled in when the request is sent. */
export interface Ref {
  readonly $ref: string;
}

export type Body = string | number | boolean | null | Ref | readonly Body[] | { readonly [key: string]: Body };

export const ref = (name: string): Ref => ({ $ref: name });
export const isList = (body: Body): body is readonly Body[] => Array.isArray(body);
export const isRef = (value: unknown): value is Ref =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $ref?: unknown }).$ref === 'string';

/** One request of the plan, as a client of the API would send it. */
export interface PlannedRequest {
  readonly method: 'PUT' | 'POST';
  /** `{name}` stands for a value the server assigned to an earlier request (see `captures`). */
  readonly path: string;
  /** Key of the actor in `DemoPlan.actors` whose token signs the request. */
  readonly actor: string;
  readonly body: Body;
  /** Sent as `Idempotency-Key` (POST only): a retried or repeated request is replayed, never recorded twice. */
  readonly idempotencyKey: string | null;
  /** Names under which fields of the response are kept for later requests, e.g. `{ 'c0001.case': 'caseId' }`. */
  readonly captures?: Readonly<Record<string, string>>;
  /** The target is created by a reactor after an earlier request: until then the server answers 404. */
  readonly awaitsReactor?: boolean;
}

/** Figures no demo event records yet: the demo predicts every other figure of the statistics report. */
type UnrecordedFigure = 'reconsiderations' | 'lawsuits';
export type Figure = Exclude<ReportFigure, UnrecordedFigure>;

/** The figures of the statistics report (GET /api/reports/statistics) the demo predicts. */
export const EXPECTED_FIGURES: readonly Figure[] = FIGURES.filter(
  (figure): figure is Figure => figure !== 'reconsiderations' && figure !== 'lawsuits',
);


export interface DemoActor {
  /** The token's `sub`: an officer's id once registered, or a fixed id for users who are not officers. */
  readonly sub: string | Ref;
  readonly name: string;
  readonly agency: string;
  readonly roles: readonly Role[];
}

export type CaseKind = 'no_hazards' | 'rectified' | 'simple' | 'general' | 'no_penalty';

export interface PlannedCase {
  readonly ref: string;
  readonly agencyId: string;
  readonly kind: CaseKind;
  readonly openedOn: string;
  readonly requests: readonly PlannedRequest[];
}

export interface PlannedOfficer {
  readonly key: string;
  readonly agencyId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly certificateNumber: string;
}

export interface DemoPlan {
  readonly seed: number;
  /** The days the cases happen in. */
  readonly period: { readonly from: string; readonly to: string };
  readonly agencies: readonly { readonly agencyId: string; readonly name: string }[];
  readonly officers: readonly PlannedOfficer[];
  readonly actors: Readonly<Record<string, DemoActor>>;
  /** Agencies first, then officers: everything the cases refer to. */
  readonly setup: readonly PlannedRequest[];
  readonly cases: readonly PlannedCase[];
  /** The actor whose token is printed for each role. */
  readonly showcase: Readonly<Record<Role, string>>;
  /** What the statistics report for the period must show once the plan is recorded (district-wide). */
  readonly expected: Readonly<Record<Figure, number>>;
}
