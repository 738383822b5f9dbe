import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { type Staff, openCase, setUpAgency } from '../support/cases.js';
import { eventually } from '../support/eventually.js';

// Names no other fixture uses; the two persons share a surname, so one search finds both until one is restricted.
// Public output shows a person's name in its 某某 form, which differs between the two.
const RESTRICTED_NAME = '司马青岚';
const RESTRICTED_PUBLIC = '司马某某';
const OTHER_NAME = '司马松';
const OTHER_PUBLIC = '司马某';
const PREFIX = encodeURIComponent('司马');
const RESTRICTED_PERSON = { kind: 'person', name: RESTRICTED_NAME, idNumber: '50011119880621442X', phone: '13987650456', address: '重庆市大足区龙水镇五金街12号' };
const OTHER_PERSON = { kind: 'person', name: OTHER_NAME, idNumber: '500111199002117717', phone: null, address: null };
const REPRESENTATIVE = '上官云舒';
const COMPANY = { kind: 'organization', name: '重庆青岚物流有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: REPRESENTATIVE };
const NUMBERS = { restricted: '大足应急简罚〔2026〕171号', other: '大足应急简罚〔2026〕172号', company: '大足应急简罚〔2026〕173号' };

let t: TestApp;
let staff: Staff;
let admin: string;
let auditor: string;
const cases = { restricted: '', other: '', company: '' };
const subject = (caseId: string, kind = 'party') => `${kind}:case-${caseId}`;
const clock = new ControlledClock(new Date('2026-03-02T12:00:00+08:00'));

const post = (token: string, route: string, body: object) => t.http().post(route).auth(token, { type: 'bearer' }).send(body);
const get = (token: string, route: string) => t.http().get(route).auth(token, { type: 'bearer' });

interface CaseItem {
  caseId: string;
  party: { name: string };
}
interface FeedItem {
  decisionNumber: string;
  partyName: string;
  legalRepresentative: string | null;
}
interface PublicationItem {
  publicationId: string;
  record: { partyName: string; legalRepresentative: string | null; decisionNumber: string };
}

/** A simple-procedure fine, executed, closed and published: the party is in the case list and in public output. */
async function publishedPenalty(party: object, decisionNumber: string): Promise<string> {
  const caseId = await openCase(t, staff, { party });
  await post(staff.officerA.token, `/api/cases/${caseId}/filing`, {
    occurredAt: '2026-03-02T09:10:00+08:00',
    procedure: 'simple',
    violations: [{ description: '在经营场所违规存放易燃物品', legalBasis: '《重庆市安全生产条例》' }],
    approvedBy: staff.head.id,
    intendedPenalties: [{ type: 'fine', amountFen: 10_000 }],
  }).expect(201);
  await post(staff.officerA.token, `/api/cases/${caseId}/decision`, {
    occurredAt: '2026-03-02T09:20:00+08:00',
    procedure: 'simple',
    outcome: 'penalty',
    decisionNumber,
    penalties: [{ type: 'fine', amountFen: 10_000 }],
  }).expect(201);
  await post(staff.officerA.token, `/api/cases/${caseId}/delivery`, { occurredAt: '2026-03-02T09:30:00+08:00', method: 'in_person' }).expect(201);
  await post(staff.officerA.token, `/api/cases/${caseId}/payments`, { occurredAt: '2026-03-02T10:00:00+08:00', amountFen: 10_000 }).expect(201);
  await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: '2026-03-02T11:00:00+08:00' }).expect(201);
  await t.settle();
  await post(staff.officerA.token, `/api/publications/${caseId}/publish`, { occurredAt: '2026-03-02T11:30:00+08:00' }).expect(201);
  return caseId;
}

const caseSearch = async (token: string, name: string, extra = ''): Promise<{ total: number; ids: string[]; items: CaseItem[] }> => {
  const body = (await get(token, `/api/cases?partyName=${name}${extra}`).expect(200)).body as { total: number; items: CaseItem[] };
  return { total: body.total, ids: body.items.map((item) => item.caseId), items: body.items };
};
const feedSearch = async (party: string, extra = ''): Promise<{ total: number; numbers: string[]; items: FeedItem[] }> => {
  const body = (await t.http().get(`/api/public/penalties?party=${party}${extra}`).expect(200)).body as { total: number; items: FeedItem[] };
  return { total: body.total, numbers: body.items.map((item) => item.decisionNumber), items: body.items };
};
const publications = async (token: string): Promise<Map<string, PublicationItem['record']>> => {
  const body = (await get(token, '/api/publications?status=published').expect(200)).body as { items: PublicationItem[] };
  return new Map(body.items.map((item) => [item.publicationId, item.record]));
};

async function auditOf(subjectId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ type: string; data: Record<string, unknown> }>(
      'SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [`personaldata-${subjectId}`],
    );
    return rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  staff = await setUpAgency(t);
  admin = t.token({ sub: 'admin-dazu', agency: 'dazu-emb', roles: ['admin'] });
  auditor = t.token({ sub: 'auditor-dazu', agency: 'dazu-emb', roles: ['auditor'] });
  cases.restricted = await publishedPenalty(RESTRICTED_PERSON, NUMBERS.restricted);
  cases.other = await publishedPenalty(OTHER_PERSON, NUMBERS.other);
  cases.company = await publishedPenalty(COMPANY, NUMBERS.company);
  await t.settle();
});

afterAll(async () => {
  await t?.close();
});

describe('before any restriction', () => {
  it('finds both persons by name in the case list and the public feed', async () => {
    expect(await caseSearch(staff.officerA.token, PREFIX)).toMatchObject({ total: 2, ids: expect.arrayContaining([cases.restricted, cases.other]) });
    expect(await feedSearch(PREFIX)).toMatchObject({ total: 2, numbers: expect.arrayContaining([NUMBERS.restricted, NUMBERS.other]) });
    expect(await feedSearch(encodeURIComponent(RESTRICTED_PUBLIC))).toMatchObject({ total: 1, numbers: [NUMBERS.restricted] });
    const records = await publications(staff.officerA.token);
    expect(records.get(cases.restricted)).toMatchObject({ partyName: RESTRICTED_PUBLIC });
    expect(records.get(cases.company)).toMatchObject({ partyName: COMPANY.name, legalRepresentative: REPRESENTATIVE });
  });
});

describe('while a person is restricted', () => {
  beforeAll(async () => {
    await post(admin, `/api/personal-data/subjects/${subject(cases.restricted)}/restrict`, { reason: '当事人依法申请限制处理' }).expect(201);
    await post(admin, `/api/personal-data/subjects/${subject(cases.company, 'representative')}/restrict`, { reason: '法定代表人申请限制处理' }).expect(201);
  });

  it('the case list search does not find them for officers and heads, and its count and pages leave them out', async () => {
    for (const token of [staff.officerA.token, staff.head.token]) {
      expect(await caseSearch(token, encodeURIComponent(RESTRICTED_NAME))).toEqual({ total: 0, ids: [], items: [] });
      expect(await caseSearch(token, PREFIX, '&pageSize=1')).toMatchObject({ total: 1, ids: [cases.other] });
      expect(await caseSearch(token, PREFIX, '&pageSize=1&page=2')).toMatchObject({ total: 0, ids: [] });
    }
    // Without a name the case is still listed, the person shown as restricted.
    const list = (await get(staff.officerA.token, '/api/cases?status=closed&pageSize=100').expect(200)).body as { items: CaseItem[] };
    expect(list.items.find((item) => item.caseId === cases.restricted)?.party.name).toBe('[已限制]');
  });

  it('administrators and auditors still find them by name, in the clear', async () => {
    for (const token of [admin, auditor]) {
      const found = await caseSearch(token, encodeURIComponent(RESTRICTED_NAME));
      expect(found.ids).toEqual([cases.restricted]);
      expect(found.items[0]?.party.name).toBe(RESTRICTED_NAME);
      expect((await caseSearch(token, PREFIX)).total).toBe(2);
    }
  });

  it('the public feed and the public pages do not find them by name', async () => {
    expect(await feedSearch(encodeURIComponent(RESTRICTED_PUBLIC))).toEqual({ total: 0, numbers: [], items: [] });
    expect(await feedSearch(PREFIX, '&pageSize=1')).toMatchObject({ total: 1, numbers: [NUMBERS.other] });
    expect(await feedSearch(PREFIX, '&pageSize=1&page=2')).toMatchObject({ total: 1, numbers: [] });
    // The restricted text itself matches nothing either: the read model holds the name, not the mask.
    expect((await feedSearch(encodeURIComponent('[已限制]'))).total).toBe(0);
    const page = await t.http().get(`/public/?party=${PREFIX}`).expect(200);
    expect(page.text).toContain(NUMBERS.other);
    expect(page.text).not.toContain(NUMBERS.restricted);
    expect(page.text).toContain('共 1 条');
    expect((await t.http().get(`/public/?party=${encodeURIComponent(RESTRICTED_PUBLIC)}`).expect(200)).text).toContain('共 0 条');
    // Listed without a name, masked.
    const feed = (await t.http().get('/api/public/penalties?from=2026-03-02&to=2026-03-02').expect(200)).body as { items: FeedItem[] };
    expect(feed.items.find((item) => item.decisionNumber === NUMBERS.restricted)).toMatchObject({ partyName: '[已限制]' });
  });

  it('an organisation whose legal representative is restricted is still found by its own name, the representative masked', async () => {
    expect((await caseSearch(staff.officerA.token, encodeURIComponent('青岚物流'))).ids).toEqual([cases.company]);
    const found = await feedSearch(encodeURIComponent('青岚物流'));
    expect(found.numbers).toEqual([NUMBERS.company]);
    expect(found.items[0]).toMatchObject({ partyName: COMPANY.name, legalRepresentative: '[已限制]' });
  });

  it('the internal publication list shows the restricted persons as [已限制] to officers and heads', async () => {
    for (const token of [staff.officerA.token, staff.head.token]) {
      const records = await publications(token);
      expect(records.get(cases.restricted)).toMatchObject({ partyName: '[已限制]', decisionNumber: NUMBERS.restricted });
      expect(records.get(cases.other)).toMatchObject({ partyName: OTHER_PUBLIC });
      expect(records.get(cases.company)).toMatchObject({ partyName: COMPANY.name, legalRepresentative: '[已限制]' });
      expect(JSON.stringify([...records.values()])).not.toMatch(new RegExp(`${RESTRICTED_PUBLIC}|${REPRESENTATIVE}`));
    }
  });
});

describe('lifting a restriction', () => {
  it('is refused to anyone but an administrator, and for a subject id that is not one', async () => {
    const route = `/api/personal-data/subjects/${subject(cases.restricted)}/restriction-lift`;
    await post(staff.officerA.token, route, { reason: '限制处理的理由已消除' }).expect(403);
    await post(staff.head.token, route, { reason: '限制处理的理由已消除' }).expect(403);
    await post(auditor, route, { reason: '限制处理的理由已消除' }).expect(403);
    const invalid = await post(admin, '/api/personal-data/subjects/party:nobody/restriction-lift', { reason: '限制处理的理由已消除' }).expect(400);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    expect(invalid.body).toMatchObject({ code: 'INVALID_SUBJECT_ID' });
    await post(admin, route, {}).expect(400);
    expect((await get(admin, `/api/personal-data/subjects/${subject(cases.restricted)}`).expect(200)).body).toMatchObject({ state: 'restricted' });
  });

  it('shows the person again in officers\' searches and reads, the public feed and pages, and the publication list', async () => {
    const lifted = await post(admin, `/api/personal-data/subjects/${subject(cases.restricted)}/restriction-lift`, { reason: '限制处理的理由已消除' }).expect(201);
    expect(lifted.body).toMatchObject({ subjectId: subject(cases.restricted), state: 'active', restrictedAt: null, reason: null });

    expect(await caseSearch(staff.officerA.token, encodeURIComponent(RESTRICTED_NAME))).toMatchObject({ total: 1, ids: [cases.restricted] });
    expect((await caseSearch(staff.officerA.token, PREFIX)).total).toBe(2);
    expect((await get(staff.officerA.token, `/api/cases/${cases.restricted}`).expect(200)).body.party).toEqual(RESTRICTED_PERSON);
    const found = await feedSearch(encodeURIComponent(RESTRICTED_PUBLIC));
    expect(found).toMatchObject({ total: 1, numbers: [NUMBERS.restricted] });
    expect(found.items[0]).toMatchObject({ partyName: RESTRICTED_PUBLIC });
    expect((await feedSearch(PREFIX)).total).toBe(2);
    expect((await t.http().get(`/public/?party=${encodeURIComponent(RESTRICTED_PUBLIC)}`).expect(200)).text).toContain(NUMBERS.restricted);
    expect((await t.http().get(`/public/decisions/${cases.restricted}`).expect(200)).text).toContain(RESTRICTED_PUBLIC);
    expect((await publications(staff.officerA.token)).get(cases.restricted)).toMatchObject({ partyName: RESTRICTED_PUBLIC });
    // The other restriction is untouched.
    expect((await publications(staff.officerA.token)).get(cases.company)).toMatchObject({ legalRepresentative: '[已限制]' });

    // Who restricted and who lifted, when and why, stay in the log; the key row holds only the current state.
    const audit = await auditOf(subject(cases.restricted));
    expect(audit).toEqual([
      { type: 'PersonalDataRestricted', data: expect.objectContaining({ restrictedBy: 'admin-dazu', reason: '当事人依法申请限制处理' }) },
      {
        type: 'PersonalDataRestrictionLifted',
        data: { occurredAt: expect.any(String), subjectId: subject(cases.restricted), liftedBy: 'admin-dazu', reason: '限制处理的理由已消除' },
      },
    ]);
  });

  it('answers 409 SUBJECT_NOT_RESTRICTED for a subject that is not restricted, and 404 for one never recorded', async () => {
    for (const subjectId of [subject(cases.restricted), subject(cases.other)]) {
      const refused = await post(admin, `/api/personal-data/subjects/${subjectId}/restriction-lift`, { reason: '再次解除' }).expect(409);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ code: 'SUBJECT_NOT_RESTRICTED', subjectId });
    }
    expect(await auditOf(subject(cases.other))).toEqual([]);
    const unknown = await post(admin, `/api/personal-data/subjects/${subject(cases.company)}/restriction-lift`, { reason: '解除' }).expect(404);
    expect(unknown.body).toMatchObject({ code: 'DATA_SUBJECT_NOT_FOUND' });
  });

  it('records one lifting when two administrators lift the same restriction at once', async () => {
    const subjectId = subject(cases.restricted);
    await post(admin, `/api/personal-data/subjects/${subjectId}/restrict`, { reason: '当事人再次申请限制处理' }).expect(201);
    const route = `/api/personal-data/subjects/${subjectId}/restriction-lift`;
    const answers = await Promise.all([post(admin, route, { reason: '解除一' }), post(admin, route, { reason: '解除二' })]);
    for (const answer of answers) {
      if (answer.status === 201) expect(answer.body).toMatchObject({ state: 'active' });
      else expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 409, code: 'SUBJECT_NOT_RESTRICTED' });
    }
    expect(answers.some((answer) => answer.status === 201)).toBe(true);
    const types = (await auditOf(subjectId)).map((event) => event.type);
    expect(types).toEqual(['PersonalDataRestricted', 'PersonalDataRestrictionLifted', 'PersonalDataRestricted', 'PersonalDataRestrictionLifted']);
  });

  it('answers 409 PERSONAL_DATA_ERASED once the person is erased, whom no search finds, an administrator\'s included', async () => {
    const subjectId = subject(cases.restricted);
    clock.set('2056-03-02T09:00:00+08:00');
    await post(admin, `/api/personal-data/subjects/${subjectId}/erase`, { reason: '保存期限届满，当事人申请删除' }).expect(201);
    const refused = await post(admin, `/api/personal-data/subjects/${subjectId}/restriction-lift`, { reason: '解除' }).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'PERSONAL_DATA_ERASED' });
    expect((await get(admin, `/api/personal-data/subjects/${subjectId}`).expect(200)).body).toMatchObject({ state: 'erased' });
    expect((await caseSearch(admin, encodeURIComponent(RESTRICTED_NAME))).total).toBe(0);
    expect((await feedSearch(encodeURIComponent(RESTRICTED_PUBLIC))).total).toBe(0);
    // Once the read models are rebuilt after the erasure they hold the placeholder, which no search matches either.
    await eventually(
      async () => ((await get(admin, '/api/cases?status=closed&pageSize=100').expect(200)).body as { items: CaseItem[] }).items,
      (items) => items.find((item) => item.caseId === cases.restricted)?.party.name === '[已删除]',
    );
    await eventually(
      async () => (await t.http().get('/api/public/penalties?from=2026-03-02&to=2026-03-02').expect(200)).body as { items: FeedItem[] },
      (feed) => feed.items.find((item) => item.decisionNumber === NUMBERS.restricted)?.partyName === '[已删除]',
    );
    expect((await caseSearch(admin, encodeURIComponent('已删除'))).total).toBe(0);
    expect((await feedSearch(encodeURIComponent('已删除'))).total).toBe(0);
    expect((await caseSearch(admin, PREFIX)).ids).toEqual([cases.other]);
    await t.settle();
  });
});
