import type { TestApp } from './app.js';

export const DAZU = {
  name: '重庆市大足区应急管理局',
  shortName: '区应急管理局',
  creditCode: '11500111009294712Y',
  powers: ['confiscation', 'production_suspension'],
};
export const COMPANY = {
  kind: 'organization',
  name: '重庆某机械制造有限公司',
  creditCode: '91500111MA5U3XQ128',
  legalRepresentative: '陈某',
};
export const PERSON = { kind: 'person', name: '李某', idNumber: '11010519491231002X' };
const certificate = { number: '渝执500111', validFrom: '2025-01-01', validUntil: '2028-12-31' };

export interface Staff {
  readonly officerA: { id: string; token: string };
  readonly officerB: { id: string; token: string };
  readonly officerC: { id: string; token: string };
  readonly head: { id: string; token: string };
  readonly reviewer: { id: string; token: string };
  readonly reviewer2: { id: string; token: string };
  readonly outsider: { token: string };
}

/** Any app reached over HTTP with tokens of its secret: an in-process test app, or a server started as a process. */
export type HttpApp = Pick<TestApp, 'http' | 'token'>;

/**
 * Registers the district EMB with three officers and a head, and signs their tokens; `certifiedFrom` dates their
 * certificates back for cases of earlier years.
 */
export async function setUpAgency(t: HttpApp, { certifiedFrom = certificate.validFrom }: { certifiedFrom?: string } = {}): Promise<Staff> {
  const admin = t.token({ sub: 'admin-district', agency: 'dazu-district', roles: ['admin', 'district'] });
  await t.http().put('/api/agencies/dazu-emb').auth(admin, { type: 'bearer' }).send(DAZU).expect(201);
  const register = async (name: string, roles: string[], n: number) => {
    const response = await t
      .http()
      .post('/api/officers')
      .auth(admin, { type: 'bearer' })
      .send({ name, agency: 'dazu-emb', roles, certificate: { ...certificate, validFrom: certifiedFrom, number: `${certificate.number}${n}` } })
      .expect(201);
    const id = response.body.officerId as string;
    return { id, token: t.token({ sub: id, name, agency: 'dazu-emb', roles: roles as ('officer' | 'head' | 'reviewer')[] }) };
  };
  return {
    officerA: await register('张伟', ['officer'], 1),
    // Also a legal reviewer: the conflict-of-interest rule keeps her off the cases she investigates.
    officerB: await register('王芳', ['officer', 'reviewer'], 2),
    officerC: await register('刘洋', ['officer'], 3),
    head: await register('赵局长', ['head', 'officer'], 4),
    reviewer: await register('孙审核', ['reviewer'], 5),
    reviewer2: await register('周审核', ['reviewer'], 6),
    outsider: { token: t.token({ sub: 'traffic-officer', agency: 'dazu-traffic', roles: ['officer', 'head', 'reviewer'] }) },
  };
}

export async function openCase(t: HttpApp, staff: Staff, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await t
    .http()
    .post('/api/cases')
    .auth(staff.officerA.token, { type: 'bearer' })
    .send({
      occurredAt: '2026-03-02T09:00:00+08:00',
      source: 'routine',
      party: COMPANY,
      officerIds: [staff.officerA.id, staff.officerB.id],
      location: '大足区龙岗街道某工业园3号厂房',
      summary: '对该公司安全生产情况进行日常检查',
      ...overrides,
    })
    .expect(201);
  return response.body.caseId as string;
}

const ok = { ok: true };
export const ALL_CLEAR = {
  subject: ok,
  authority: ok,
  procedure: ok,
  facts: ok,
  evidence: ok,
  lawApplication: ok,
  discretion: ok,
  documents: ok,
  crimeTransfer: ok,
};

/** A fine high enough to need legal review: what most tests propose. */
export const FINE_PROPOSAL = { outcome: 'penalty', penalties: [{ type: 'fine', amountFen: 2_000_000 }], discretion: 'standard' };

/** Files an opened case under the general procedure with the head's approval, as officer A (the body's fields can be overridden). */
export async function fileCase(t: HttpApp, staff: Staff, caseId: string, overrides: Record<string, unknown> = {}): Promise<void> {
  await t
    .http()
    .post(`/api/cases/${caseId}/filing`)
    .auth(staff.officerA.token, { type: 'bearer' })
    .send({
      occurredAt: '2026-03-03T10:00:00+08:00',
      procedure: 'general',
      violations: [{ description: 'v', legalBasis: 'b' }],
      approvedBy: staff.head.id,
      ...overrides,
    })
    .expect(201);
}

export interface FineOnTheSpotCase {
  readonly party: object;
  /** The case's other persons (operator, workers, the injured), recorded before the filing. */
  readonly persons?: readonly object[];
  readonly violations: readonly { readonly description: string; readonly legalBasis: string }[];
  readonly decisionNumber: string;
}

/**
 * A fine of 100 yuan on the spot, as officer A on 2026-03-02: opens a case against `party`, records its persons, files
 * it under the simple procedure with the head's approval and decides the fine at once; returns the case id.
 */
export async function fineOnTheSpot(t: HttpApp, staff: Staff, { party, persons = [], violations, decisionNumber }: FineOnTheSpotCase): Promise<string> {
  const post = (path: string, body: object) => t.http().post(path).auth(staff.officerA.token, { type: 'bearer' }).send(body).expect(201);
  const fine = [{ type: 'fine', amountFen: 10_000 }];
  const caseId = await openCase(t, staff, { party });
  if (persons.length > 0) await post(`/api/cases/${caseId}/persons`, { occurredAt: '2026-03-02T09:05:00+08:00', persons });
  await post(`/api/cases/${caseId}/filing`, {
    occurredAt: '2026-03-02T09:10:00+08:00',
    procedure: 'simple',
    violations,
    approvedBy: staff.head.id,
    intendedPenalties: fine,
  });
  await post(`/api/cases/${caseId}/decision`, {
    occurredAt: '2026-03-02T09:20:00+08:00',
    procedure: 'simple',
    outcome: 'penalty',
    decisionNumber,
    penalties: fine,
  });
  return caseId;
}

/** Officer A submits the case's proposed decision (by default `FINE_PROPOSAL`) for legal review. */
export async function submitLegalReview(
  t: HttpApp,
  staff: Staff,
  caseId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ reviewId: string; round: number }> {
  const response = await t
    .http()
    .post(`/api/cases/${caseId}/legal-review`)
    .auth(staff.officerA.token, { type: 'bearer' })
    .send({ occurredAt: '2026-03-04T10:00:00+08:00', proposedDecision: FINE_PROPOSAL, ...overrides })
    .expect(201);
  return response.body as { reviewId: string; round: number };
}

/** The reviewer approves the review with every point clear. */
export async function approveLegalReview(t: HttpApp, staff: Staff, reviewId: string, occurredAt: string): Promise<void> {
  await t
    .http()
    .post(`/api/reviews/${reviewId}/opinion`)
    .auth(staff.reviewer.token, { type: 'bearer' })
    .send({ occurredAt, outcome: 'approved', findings: ALL_CLEAR, opinion: '同意' })
    .expect(201);
}

/** Opens a case, files it and submits it for legal review: the review the reviewers' steps start from. */
export async function caseInReview(
  t: HttpApp,
  staff: Staff,
  { opening = {}, filing = {}, review = {} }: { opening?: Record<string, unknown>; filing?: Record<string, unknown>; review?: Record<string, unknown> } = {},
): Promise<{ caseId: string; reviewId: string }> {
  const caseId = await openCase(t, staff, opening);
  await fileCase(t, staff, caseId, filing);
  const { reviewId } = await submitLegalReview(t, staff, caseId, review);
  return { caseId, reviewId };
}

/** The violation of a training duty that the abuse and log tests file their cases under. */
export const TRAINING_VIOLATION = { description: '未按规定对从业人员进行安全生产教育和培训', legalBasis: '《安全生产法》第九十七条第三项' };
