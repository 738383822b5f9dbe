import { Clock, ControlledClock } from '../../src/shared/clock.js';
import type { TestApp } from '../support/app.js';
import { COMPANY, type Staff, openCase, setUpAgency, TRAINING_VIOLATION, fileCase, submitLegalReview } from '../support/cases.js';
import { creditCode } from '../../src/shared/testing/credit-codes.js';
import { passTime } from '../support/deadlines.js';
import { eventually } from '../support/eventually.js';

/** The agency whose records the abuse suites attack, and the one whose callers try to reach them. */
export const OWN_AGENCY = 'dazu-emb';
export const OTHER_AGENCY = 'dazu-traffic';

/** Past the escalation of a review submitted on 2026-03-04: its escalation fires once the back-fill grace is over. */
export const FIXTURE_TIME = '2026-03-16T10:00:00+08:00';

/** A record of every kind, all in OWN_AGENCY: what a path parameter of any route names. */
export interface Fixture {
  readonly staff: Staff;
  readonly caseId: string;
  readonly evidenceId: string;
  readonly reviewId: string;
  readonly licensingId: string;
  readonly itemId: string;
  readonly creditCode: string;
  readonly recusalId: string;
  readonly planId: string;
  readonly alertId: string;
}

export const fixtureClock = (): ControlledClock => new ControlledClock(new Date(FIXTURE_TIME));

const TRAFFIC = {
  name: '重庆市大足区公安局交通巡逻警察支队',
  shortName: '区公安交巡警支队',
  creditCode: '91500000202803370T',
  powers: ['detention', 'licence_suspension'],
};

/** Records, through the API, one of everything a route can name; the app must run on `fixtureClock()`. */
export async function buildFixture(t: TestApp): Promise<Fixture> {
  const staff = await setUpAgency(t);
  const district = t.token({ sub: 'admin-district', agency: 'dazu-district', roles: ['admin', 'district'] });
  const post = async <K extends string>(token: string, path: string, body: object): Promise<Record<K, string>> =>
    (await t.http().post(path).auth(token, { type: 'bearer' }).send(body).expect(201)).body as Record<K, string>;
  await t.http().put(`/api/agencies/${OTHER_AGENCY}`).auth(district, { type: 'bearer' }).send(TRAFFIC).expect(201);

  const officer = staff.officerA.token;
  const caseId = await openCase(t, staff);
  const { evidenceId } = await post<'evidenceId'>(officer, `/api/cases/${caseId}/evidence`, {
    occurredAt: '2026-03-02T09:30:00+08:00',
    kind: 'video',
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    sizeBytes: 1024,
    uri: 'evidence://dazu-emb/2026/03/02/body-cam-0042.mp4',
    capturedBy: staff.officerA.id,
    description: '执法记录仪全程录像',
  });
  await fileCase(t, staff, caseId, { violations: [TRAINING_VIOLATION] });
  const { reviewId } = await submitLegalReview(t, staff, caseId);
  const { licensingId } = await post<'licensingId'>(officer, '/api/licensing-decisions', {
    occurredAt: '2026-03-09T10:00:00+08:00',
    party: COMPANY,
    licence: '危险化学品经营许可证（乙种）',
    outcome: 'granted',
    decisionNumber: '渝大足应急许〔2026〕15号',
  });
  await t.settle();
  await post(officer, `/api/publications/${licensingId}/publish`, { occurredAt: '2026-03-10T09:00:00+08:00' });

  const head = staff.head.token;
  const { itemId } = await post<'itemId'>(head, '/api/planning/items', {
    code: 'YJ-GM-01',
    title: '工贸企业安全生产主体责任落实情况检查',
    legalBasis: '《中华人民共和国安全生产法》第六十五条',
    sectors: ['工贸'],
  });
  const entity = creditCode(1);
  const lines = [1, 2, 3, 4].map((n) => `工贸企业${n},${creditCode(n)},工贸,${n === 1 ? 'high' : 'low'},大足区工业园${n}号`);
  await post(head, '/api/planning/entities/import', { csv: ['name,creditCode,sector,riskLevel,address', ...lines].join('\n') });
  const { recusalId } = await post<'recusalId'>(head, '/api/planning/recusals', {
    officerId: staff.officerC.id,
    creditCode: entity,
    reason: '检查员的配偶在该企业任安全主管',
  });
  await t.settle();
  const { planId } = await post<'planId'>(head, '/api/plans', {
    name: '2026年第二季度工贸行业双随机抽查',
    items: [itemId],
    filters: { sectors: ['工贸'] },
    sampleCount: 2,
    period: { from: '2026-04-01', to: '2026-06-30' },
    inspectorsPerTeam: 2,
  });

  const everyRole = t.token({ sub: 'fixture-all', agency: OWN_AGENCY, roles: ['officer', 'reviewer', 'head', 'admin', 'auditor'] });
  await passTime(t, t.app.get<Clock, ControlledClock>(Clock));
  const alertId = await eventually(
    async () => {
      const response = await t.http().get('/api/alerts').auth(everyRole, { type: 'bearer' }).expect(200);
      return (response.body.items as { alertId: string }[])[0]?.alertId ?? '';
    },
    (id) => id !== '',
    { timeoutMs: 15_000, what: 'a deadline alert for the fixture' },
  );
  await t.settle();
  return { staff, caseId, evidenceId, reviewId, licensingId, itemId, creditCode: entity, recusalId, planId, alertId };
}

/** The ids of OWN_AGENCY's records: none may appear in what a caller of another agency reads. */
export function ownIds(fixture: Fixture): string[] {
  const { staff, caseId, evidenceId, reviewId, itemId, recusalId, planId, alertId } = fixture;
  return [caseId, evidenceId, reviewId, itemId, recusalId, planId, alertId, staff.officerA.id, staff.head.id];
}

/** The value of every path parameter a route may have, naming a record of OWN_AGENCY. */
export function fillPath(path: string, fixture: Fixture): string {
  const values: Record<string, string> = {
    caseId: fixture.caseId,
    evidenceId: fixture.evidenceId,
    reviewId: fixture.reviewId,
    officerId: fixture.staff.officerA.id,
    agencyId: OWN_AGENCY,
    alertId: fixture.alertId,
    planId: fixture.planId,
    itemId: fixture.itemId,
    recusalId: fixture.recusalId,
    creditCode: fixture.creditCode,
    publicationId: fixture.licensingId,
    // No person is recorded on the fixture's case: a caller let through meets 404 for the person, not for the case.
    personId: '00000000-0000-4000-8000-000000000001',
    // The legal representative of the fixture's company party is a data subject of its case.
    subjectId: `representative:case-${fixture.caseId}`,
    streamId: `case-${fixture.caseId}`,
    month: '2026-03',
    year: '2027',
  };
  return path
    .replace(':year-:month', '2026-03')
    .replace(/:(\w+)/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`no fixture value for the path parameter :${name} of ${path}`);
      return value;
    });
}
