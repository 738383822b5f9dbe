import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { type TestApp, startTestApp } from '../support/app.js';
import { PERSON, type Staff, openCase, setUpAgency, approveLegalReview, fileCase, submitLegalReview } from '../support/cases.js';

let t: TestApp;
let staff: Staff;
let district: string;
let trafficAdmin: string;
let submittedBeforeResubmission: string;

const TRAFFIC = { name: '重庆市公安局大足区分局交通巡逻警察支队', shortName: '区公安交巡警支队', creditCode: '11500111009294712Y', powers: ['detention', 'licence_suspension', 'licence_revocation'] };
const OTHER_COMPANY = { kind: 'organization', name: '重庆某化工有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: '何某' };

const post = (token: string, path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body);
const get = (token: string, path: string) => t.http().get(path).auth(token, { type: 'bearer' });

/** What the traffic police brigade, which logs no cases here, reports for January to October. */
const TRAFFIC_FIGURES = {
  inspections: 0,
  hazards: 0,
  warnings: 21_000,
  finesFen: 1_988_240_600,
  productionSuspensions: 0,
  licencesSuspendedOrRevoked: 700,
  confiscations: 0,
  detentions: 35,
  noPenaltyAfterRectification: 0,
  lighterOrMitigated: 0,
};

async function hazard(caseId: string, occurredAt: string, severity: 'general' | 'major'): Promise<void> {
  await post(staff.officerA.token, `/api/cases/${caseId}/hazards`, {
    occurredAt,
    description: '粉尘防爆设施未定期检查',
    severity,
    legalBasis: '《安全生产法》第三十六条',
  }).expect(201);
}

async function simpleDecision(caseId: string, occurredAt: string, number: string, penalties: object[], extra: object = {}): Promise<void> {
  await post(staff.officerB.token, `/api/cases/${caseId}/decision`, {
    occurredAt,
    procedure: 'simple',
    outcome: 'penalty',
    decisionNumber: number,
    penalties,
    ...extra,
  }).expect(201);
}

/** A general-procedure case found not to deserve a penalty once the hazard was put right (APL Art. 33). */
async function noPenaltyAfterRectification(): Promise<void> {
  const caseId = await openCase(t, staff, { occurredAt: '2026-06-01T09:00:00+08:00', party: OTHER_COMPANY });
  await fileCase(t, staff, caseId, {
    occurredAt: '2026-06-02T10:00:00+08:00',
    violations: [{ description: '安全警示标志缺失', legalBasis: '《安全生产法》第九十九条第一项' }],
  });
  const proposal = { outcome: 'no_penalty', penalties: [], discretion: 'standard' };
  const { reviewId } = await submitLegalReview(t, staff, caseId, { occurredAt: '2026-06-03T10:00:00+08:00', proposedDecision: proposal });
  await approveLegalReview(t, staff, reviewId, '2026-06-04T10:00:00+08:00');
  await post(staff.head.token, `/api/cases/${caseId}/decision`, {
    occurredAt: '2026-06-05T10:00:00+08:00',
    outcome: 'no_penalty',
    decisionNumber: '大足应急不罚〔2026〕1号',
    noPenaltyReason: 'minor_corrected',
  }).expect(201);
}

beforeAll(async () => {
  t = await startTestApp();
  staff = await setUpAgency(t);
  district = t.token({ sub: 'district-1', agency: 'dazu-district', roles: ['admin', 'district'] });
  trafficAdmin = t.token({ sub: 'traffic-admin', agency: 'dazu-traffic', roles: ['admin'] });
  await t.http().put('/api/agencies/dazu-traffic').auth(district, { type: 'bearer' }).send(TRAFFIC).expect(201);

  const first = await openCase(t, staff, { occurredAt: '2026-03-02T09:00:00+08:00' });
  await hazard(first, '2026-03-02T09:30:00+08:00', 'major');
  await hazard(first, '2026-03-02T09:40:00+08:00', 'general');
  await simpleDecision(first, '2026-03-02T10:00:00+08:00', '大足应急简罚〔2026〕1号', [{ type: 'fine', amountFen: 150_000 }], {
    discretion: 'lighter',
    discretionReason: '主动消除违法行为危害后果',
  });
  const second = await openCase(t, staff, { occurredAt: '2026-04-10T09:00:00+08:00', party: PERSON, source: 'complaint' });
  await hazard(second, '2026-04-10T09:30:00+08:00', 'general');
  await simpleDecision(second, '2026-04-10T10:00:00+08:00', '大足应急简罚〔2026〕2号', [{ type: 'warning' }]);
  // The same company again: one party penalized, twice.
  const third = await openCase(t, staff, { occurredAt: '2026-05-06T09:00:00+08:00' });
  await simpleDecision(third, '2026-05-06T10:00:00+08:00', '大足应急简罚〔2026〕3号', [{ type: 'fine', amountFen: 200_000 }]);
  await noPenaltyAfterRectification();
  // After the period of the report: counted nowhere in it.
  const later = await openCase(t, staff, { occurredAt: '2026-11-02T09:00:00+08:00' });
  await simpleDecision(later, '2026-11-02T10:00:00+08:00', '大足应急简罚〔2026〕4号', [{ type: 'warning' }]);

  // A first submission with a slip in the fines, then the corrected one for the same period.
  await post(trafficAdmin, '/api/reports/submissions', {
    agency: 'dazu-traffic',
    from: '2026-01-01',
    to: '2026-10-31',
    figures: { ...TRAFFIC_FIGURES, finesFen: 1_988_240 },
  }).expect(201);
  await new Promise((resolve) => setTimeout(resolve, 20));
  submittedBeforeResubmission = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const resubmitted = await post(trafficAdmin, '/api/reports/submissions', {
    agency: 'dazu-traffic',
    from: '2026-01-01',
    to: '2026-10-31',
    figures: TRAFFIC_FIGURES,
  }).expect(201);
  expect(resubmitted.body).toMatchObject({ recorded: true, replacesEarlier: true });
  await t.settle();
});

afterAll(async () => {
  await t?.close();
});

describe('the annual report', () => {
  it('renders the statistics paragraph in the bureau wording, character for character', async () => {
    const response = await get(district, '/api/reports/annual?year=2026&through=2026-10-31&format=text').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    const [title, , statistics, , review] = response.text.split('\n');
    expect(title).toBe('全区2026年1月至10月安全生产执法统计');
    expect(statistics).toBe(
      '2026年1月至10月，检查企业4家次，排查隐患3条，安全生产事前行政处罚生产经营单位2家（不含区公安交巡警支队），' +
        '警告21001（含区公安交巡警支队警告21000次）次，罚款1988.5906（含区公安交巡警支队罚款1988.2406万元）万元，' +
        '责令停产停业0家，暂扣（吊销）证照700（含区公安交巡警支队暂扣（吊销）证照700个）个，没收违法所得和非法财物0次，' +
        '行政拘留35（含区公安交巡警支队行政拘留35人）人；当场整改或限期整改不予处罚1家次，减轻及从轻处罚1家次。',
    );
    // Three penalty decisions, none published: each became overdue seven working days after it was made.
    expect(review).toBe(
      '法制审核重大执法决定1件，审核通过1件，退回补充0件；行政处罚和行政许可决定按时公示0件，逾期公示0件，逾期未公示3件；' +
        '持证执法人员4名，法制审核人员3名，占执法人员的75.0%。',
    );
  });

  it('answers as known before the resubmission, with the figures first submitted', async () => {
    const response = await get(district, `/api/reports/annual?year=2026&through=2026-10-31&asOf=${submittedBeforeResubmission}`).expect(200);
    expect(response.body.paragraphs[0]).toContain('罚款2.3382（含区公安交巡警支队罚款1.9882万元）万元');
  });

  it('gives the monthly series and the agency table as JSON', async () => {
    const response = await get(district, '/api/reports/annual?year=2026&through=2026-10-31&format=json').expect(200);
    const report = response.body;
    expect(report.months.map((m: { month: string }) => m.month)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    const monthly = (figure: string): number[] => (report.months as { figures: Record<string, number> }[]).map((m) => m.figures[figure]!);
    expect(monthly('inspections')).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(monthly('finesFen')).toEqual([0, 0, 150_000, 0, 200_000, 0, 0, 0, 0, 0]);
    // The brigade's figures cover ten months at once: in the total, in no month.
    expect(report.monthsExcludeSubmissions).toBe(true);
    expect(report.figures.finesFen).toBe(1_988_590_600);
    expect(report.agencies).toEqual([
      expect.objectContaining({ agencyId: 'dazu-emb', source: 'cases', notReported: [] }),
      expect.objectContaining({
        agencyId: 'dazu-traffic',
        shortName: '区公安交巡警支队',
        source: 'submission',
        notReported: expect.arrayContaining(['partiesPenalized', 'legalReviewsSubmitted']),
      }),
    ]);
  });

  it('exports one CSV row per month and agency and for the whole period, figures in fen', async () => {
    const response = await get(district, '/api/reports/annual?year=2026&through=2026-10-31&format=csv').expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="casetrail-district-2026-through-2026-10-31.csv"');
    const lines = response.text.trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 5)).toEqual(['from', 'to', 'agency', 'agencyName', 'inspections']);
    const row = (from: string, to: string, agency: string) => {
      const line = lines.find((l) => l.startsWith(`${from},${to},${agency},`));
      if (!line) throw new Error(`no row ${from}..${to} ${agency}`);
      return Object.fromEntries(header.map((name, i) => [name, line.split(',')[i]]));
    };
    expect(row('2026-03-01', '2026-03-31', 'dazu-emb')).toMatchObject({ inspections: '1', hazards: '2', hazardsMajor: '1', finesFen: '150000' });
    expect(row('2026-01-01', '2026-10-31', '')).toMatchObject({ agencyName: '全区', inspections: '4', finesFen: '1988590600', detentions: '35' });
    expect(row('2026-01-01', '2026-10-31', 'dazu-traffic')).toMatchObject({ warnings: '21000', partiesPenalized: '0' });
  });

  it('is a self-contained printable page with charts', async () => {
    const response = await get(district, '/api/reports/annual?year=2026&through=2026-10-31&format=html').expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = response.text;
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('检查企业4家次');
    expect(html.match(/<svg [^>]*role="img"/g)).toHaveLength(2);
    expect(html).toContain('@media print');
    // Nothing is fetched from elsewhere: no script, no link, no src attribute.
    expect(html).not.toMatch(/<script|<link|\ssrc=|https?:\/\//);
  });

  it('renders Markdown tables', async () => {
    const response = await get(district, '/api/reports/annual?year=2026&through=2026-10-31&format=markdown').expect(200);
    expect(response.text).toContain('# 全区2026年1月至10月安全生产执法统计');
    expect(response.text).toContain('| 3月 | 1 | 2 | 1 |');
    expect(response.text).toContain('| 重庆市公安局大足区分局交通巡逻警察支队 | 报送数据 | 0 | 0 |');
  });

  it('limits an agency to its own report and refuses a day outside the year', async () => {
    const own = await get(staff.head.token, '/api/reports/annual?year=2026&through=2026-10-31').expect(200);
    expect(own.body).toMatchObject({ agency: 'dazu-emb', title: '重庆市大足区应急管理局2026年1月至10月安全生产执法统计' });
    expect(own.body.paragraphs[0]).toContain('罚款0.3500万元');
    expect((await get(staff.head.token, '/api/reports/annual?year=2026&agency=dazu-traffic').expect(403)).body.code).toBe('FORBIDDEN');
    const outside = await get(district, '/api/reports/annual?year=2026&through=2025-12-31').expect(400);
    expect(outside.body.errors).toEqual([{ field: 'through', messages: ['through must be a day of 2026 up to today'] }]);
    expect((await get(district, '/api/reports/annual?year=2026&format=pdf').expect(400)).body.errors[0].field).toBe('format');
  });
});

describe('submitted figures', () => {
  const eventCount = async () => Number((await t.app.get(DataSource).query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0]!.n);

  it('combine with the figures from cases district-wide, saying what came from which agency', async () => {
    const response = await get(district, '/api/reports/statistics?from=2026-01-01&to=2026-10-31').expect(200);
    expect(response.body.figures).toMatchObject({ warnings: 21_001, finesFen: 1_988_590_600, partiesPenalized: 2 });
    expect(response.body.byAgency['dazu-emb']).toMatchObject({ figures: { finesFen: 350_000 }, submitted: null });
    expect(response.body.byAgency['dazu-traffic']).toMatchObject({
      figures: { finesFen: 1_988_240_600, warnings: 21_000 },
      submitted: { figures: TRAFFIC_FIGURES, periods: [{ from: '2026-01-01', to: '2026-10-31' }] },
    });
    // A period that does not hold the submission's whole period leaves it out rather than guess a share.
    const march = await get(district, '/api/reports/statistics?from=2026-03-01&to=2026-03-31').expect(200);
    expect(march.body.figures.warnings).toBe(0);
    expect(march.body.byAgency['dazu-traffic']).toBeUndefined();
  });

  it('are listed as in force', async () => {
    const response = await get(district, '/api/reports/submissions?agency=dazu-traffic').expect(200);
    expect(response.body.submissions).toEqual([
      expect.objectContaining({ agency: 'dazu-traffic', from: '2026-01-01', to: '2026-10-31', figures: TRAFFIC_FIGURES }),
    ]);
  });

  it('are listed as in force at asOf: before the resubmission with the figures first submitted, before any with none', async () => {
    const then = await get(district, `/api/reports/submissions?agency=dazu-traffic&asOf=${submittedBeforeResubmission}`).expect(200);
    expect(then.body.asOf).toBe(submittedBeforeResubmission);
    expect(then.body.submissions).toEqual([
      expect.objectContaining({ agency: 'dazu-traffic', from: '2026-01-01', to: '2026-10-31', figures: { ...TRAFFIC_FIGURES, finesFen: 1_988_240 } }),
    ]);
    expect(Date.parse(then.body.submissions[0].submittedAt)).toBeLessThanOrEqual(Date.parse(submittedBeforeResubmission));
    // An instant with an offset means the same instant; every agency the district role may see.
    const beijing = new Date(Date.parse(submittedBeforeResubmission) + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    const all = await get(district, `/api/reports/submissions?asOf=${encodeURIComponent(beijing)}`).expect(200);
    expect(all.body.submissions).toEqual(then.body.submissions);
    const before = await get(district, '/api/reports/submissions?asOf=2020-01-01T00:00:00%2B08:00').expect(200);
    expect(before.body).toEqual({ asOf: '2019-12-31T16:00:00.000Z', submissions: [] });
    const now = await get(district, '/api/reports/submissions').expect(200);
    expect(now.body.asOf).toBeNull();
    expect(now.body.submissions).toEqual([expect.objectContaining({ figures: TRAFFIC_FIGURES })]);
  });

  it('refuses a malformed asOf with a field-level message', async () => {
    for (const asOf of ['yesterday', '2026-13-01T00:00:00Z', '2026-03-02T09:30:00']) {
      const response = await get(district, `/api/reports/submissions?asOf=${asOf}`).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(response.body.errors).toEqual([
        { field: 'asOf', messages: ['asOf must be an ISO 8601 instant with a time zone, e.g. 2026-03-02T09:30:00+08:00'] },
      ]);
    }
  });

  it('are refused, with nothing recorded, when invalid, overlapping, for an unknown agency or by someone else', async () => {
    const before = await eventCount();
    const submit = (token: string, body: object) => post(token, '/api/reports/submissions', body);
    const valid = { agency: 'dazu-traffic', from: '2026-11-01', to: '2026-11-15', figures: { warnings: 3 } };

    const invalid = await submit(district, { ...valid, figures: { warnings: -1, fines: 5, detentions: 1.5 } }).expect(400);
    expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['figures.detentions', 'figures.fines', 'figures.warnings']);
    expect((await submit(district, { ...valid, from: '2026-11-16' }).expect(400)).body.errors[0].field).toBe('to');
    expect((await submit(district, { ...valid, to: '2099-01-01' }).expect(400)).body.errors[0].field).toBe('to');
    expect((await submit(district, { ...valid, figures: {} }).expect(400)).body.code).toBe('SUBMISSION_EMPTY');
    expect((await submit(district, { ...valid, from: '2026-10-01' }).expect(409)).body.code).toBe('SUBMISSION_PERIOD_OVERLAPS');
    expect((await submit(district, { ...valid, agency: 'dazu-nowhere' }).expect(404)).body.code).toBe('AGENCY_NOT_FOUND');
    expect((await submit(staff.head.token, valid).expect(403)).body.code).toBe('FORBIDDEN');
    const otherAdmin = t.token({ sub: 'emb-admin', agency: 'dazu-emb', roles: ['admin'] });
    expect((await submit(otherAdmin, valid).expect(403)).body.code).toBe('OTHER_AGENCY');
    expect(await eventCount()).toBe(before);

    // The same figures again change nothing.
    const again = await submit(trafficAdmin, { agency: 'dazu-traffic', from: '2026-01-01', to: '2026-10-31', figures: TRAFFIC_FIGURES }).expect(201);
    expect(again.body).toMatchObject({ recorded: false });
    expect(await eventCount()).toBe(before);
  });
});
