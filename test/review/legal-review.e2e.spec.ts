import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestApp, startTestApp } from '../support/app.js';
import { ALL_CLEAR, type Staff, openCase, setUpAgency, caseInReview, fileCase, submitLegalReview } from '../support/cases.js';

let t: TestApp;
let staff: Staff;

beforeAll(async () => {
  t = await startTestApp();
  staff = await setUpAgency(t);
});
afterAll(async () => {
  await t.close();
});

const post = (token: string, path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body);
const get = (token: string, path: string) => t.http().get(path).auth(token, { type: 'bearer' });
const proposal = { outcome: 'penalty', penalties: [{ type: 'fine', amountFen: 2_000_000 }], discretion: 'standard' };

/** A filed general-procedure case, submitted for review; returns its case and review ids. */
async function submittedCase(submittedAt = '2026-03-04T10:00:00+08:00'): Promise<{ caseId: string; reviewId: string }> {
  return caseInReview(t, staff, { review: { occurredAt: submittedAt, proposedDecision: proposal, flags: [{ kind: 'complex_relations', reason: '涉及承包租赁关系' }] } });
}

describe('the reviewers queue', () => {
  it('lists pending reviews of the agency oldest first, with the due date and the proposal at a glance', async () => {
    const second = await submittedCase('2026-03-04T11:00:00+08:00');
    const first = await submittedCase('2026-03-04T09:00:00+08:00');
    await t.settle();
    const queue = await get(staff.reviewer.token, '/api/reviews?status=pending').expect(200);
    const ids = queue.body.items.map((r: { reviewId: string }) => r.reviewId);
    expect(ids.indexOf(first.reviewId)).toBeLessThan(ids.indexOf(second.reviewId));
    expect(queue.body.items.find((r: { reviewId: string }) => r.reviewId === first.reviewId)).toMatchObject({
      caseId: first.caseId,
      status: 'pending',
      round: 1,
      // 7 working days after 2026-03-04.
      dueDate: '2026-03-13',
      overdue: true,
      subject: { name: '重庆某机械制造有限公司', kind: 'organization' },
      proposal: { outcome: 'penalty', penaltyTypes: ['fine'], amountFen: 2_000_000 },
      requiredBy: ['general_procedure', 'complex_relations'],
    });
  });

  it('stays correct when two reviewers give their opinion at once: one wins, the other is refused', async () => {
    const { caseId, reviewId } = await submittedCase();
    const opinions = await Promise.all(
      [staff.reviewer.token, staff.reviewer2.token].map((token, i) =>
        post(token, `/api/reviews/${reviewId}/opinion`, {
          occurredAt: `2026-03-05T10:0${i}:00+08:00`,
          outcome: 'approved',
          findings: ALL_CLEAR,
          opinion: '同意',
        }),
      ),
    );
    expect(opinions.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(opinions.find((r) => r.status === 409)?.body.code).toBe('REVIEW_NOT_PENDING');
    const events = (await get(staff.officerA.token, `/api/cases/${caseId}/events`).expect(200)).body.items as { type: string }[];
    expect(events.filter((e) => e.type === 'LegalReviewApproved')).toHaveLength(1);
    await t.settle();
    const approved = await get(staff.reviewer.token, '/api/reviews?status=approved').expect(200);
    expect(approved.body.items.filter((r: { reviewId: string }) => r.reviewId === reviewId)).toHaveLength(1);
    const pending = await get(staff.reviewer.token, '/api/reviews?status=pending').expect(200);
    expect(pending.body.items.map((r: { reviewId: string }) => r.reviewId)).not.toContain(reviewId);
  });

  it('extends a review once, by 3 working days', async () => {
    const { reviewId } = await submittedCase();
    await post(staff.reviewer.token, `/api/reviews/${reviewId}/extension`, { occurredAt: '2026-03-10T10:00:00+08:00', reason: '需补充调阅证据' }).expect(201);
    const again = await post(staff.reviewer.token, `/api/reviews/${reviewId}/extension`, { occurredAt: '2026-03-10T11:00:00+08:00', reason: 'x' }).expect(409);
    expect(again.body.code).toBe('REVIEW_ALREADY_EXTENDED');
    const review = await get(staff.reviewer.token, `/api/reviews/${reviewId}`).expect(200);
    expect(review.body.dueDate).toMatchObject({ date: '2026-03-18', provisional: false });
  });
});

describe('review rules', () => {
  it('refuses an approval that names a problem, and a second pending submission', async () => {
    const { caseId, reviewId } = await submittedCase();
    const inconsistent = await post(staff.reviewer.token, `/api/reviews/${reviewId}/opinion`, {
      occurredAt: '2026-03-05T10:00:00+08:00',
      outcome: 'approved',
      findings: { ...ALL_CLEAR, facts: { ok: false, note: '事实不清' } },
      opinion: '同意',
    }).expect(400);
    expect(inconsistent.body.code).toBe('OPINION_INCONSISTENT');
    const twice = await post(staff.officerA.token, `/api/cases/${caseId}/legal-review`, {
      occurredAt: '2026-03-05T10:00:00+08:00',
      proposedDecision: proposal,
    }).expect(409);
    expect(twice.body.code).toBe('LEGAL_REVIEW_PENDING');
  });

  it('refuses the filing approver as reviewer', async () => {
    const { reviewId } = await submittedCase();
    const approverAsReviewer = t.token({ sub: staff.head.id, agency: 'dazu-emb', roles: ['reviewer', 'head'] });
    const refused = await post(approverAsReviewer, `/api/reviews/${reviewId}/opinion`, {
      occurredAt: '2026-03-05T10:00:00+08:00',
      outcome: 'approved',
      findings: ALL_CLEAR,
      opinion: '同意',
    }).expect(409);
    expect(refused.body).toMatchObject({ code: 'REVIEWER_CONFLICT_OF_INTEREST', role: 'filing approver' });
  });

  it('shows a reviewer of another agency nothing', async () => {
    const { reviewId } = await submittedCase();
    await t.settle();
    const queue = await get(staff.outsider.token, '/api/reviews?status=pending').expect(200);
    expect(queue.body.items).toEqual([]);
    await get(staff.outsider.token, `/api/reviews/${reviewId}`).expect(404);
    const opinion = await post(staff.outsider.token, `/api/reviews/${reviewId}/opinion`, {
      occurredAt: '2026-03-05T10:00:00+08:00',
      outcome: 'approved',
      findings: ALL_CLEAR,
      opinion: '同意',
    }).expect(404);
    expect(opinion.body.code).toBe('REVIEW_NOT_FOUND');
  });

  it('is not required of a case outside the catalogue, and only reviewers give opinions', async () => {
    const caseId = await openCase(t, staff);
    await fileCase(t, staff, caseId, { procedure: 'simple', intendedPenalties: [{ type: 'warning' }] });
    const notRequired = await post(staff.officerA.token, `/api/cases/${caseId}/legal-review`, {
      occurredAt: '2026-03-04T10:00:00+08:00',
      proposedDecision: { outcome: 'penalty', penalties: [{ type: 'warning' }], discretion: 'standard' },
    }).expect(409);
    expect(notRequired.body.code).toBe('LEGAL_REVIEW_NOT_REQUIRED');
    const { reviewId } = await submittedCase();
    await post(staff.officerC.token, `/api/reviews/${reviewId}/opinion`, { occurredAt: '2026-03-05T10:00:00+08:00', outcome: 'approved', findings: ALL_CLEAR, opinion: '同意' }).expect(403);
  });
});

describe('the catalogue', () => {
  it('shows the rules in force on a date, without a token', async () => {
    const now = await t.http().get('/api/review/catalogue?date=2026-03-01').expect(200);
    expect(now.body).toMatchObject({ version: 'apl2021-emb', effectiveFrom: '2021-07-15' });
    expect(now.body.rules.map((r: { id: string }) => r.id)).toContain('general_procedure');
    const before = await t.http().get('/api/review/catalogue?date=2021-07-14').expect(200);
    // Under the 2017 APL too every general-procedure decision was reviewed first (Art. 38 para 3).
    expect(before.body.rules).toContainEqual(expect.objectContaining({ id: 'general_procedure', basis: expect.stringContaining('2017年修正') }));
    expect((await t.http().get('/api/review/catalogue?date=2017-12-31').expect(200)).body).toMatchObject({ version: 'none', rules: [] });
    await t.http().get('/api/review/catalogue?date=2021-02-30').expect(400);
  });
});

describe('the figures', () => {
  it('count rounds, outcomes, the points found wanting, the time to opinion and the reviewer ratio', async () => {
    const caseId = await openCase(t, staff, { occurredAt: '2026-05-04T09:00:00+08:00' });
    await fileCase(t, staff, caseId, { occurredAt: '2026-05-05T10:00:00+08:00' });
    const submit = (occurredAt: string) => submitLegalReview(t, staff, caseId, { occurredAt, proposedDecision: proposal });
    const { reviewId } = await submit('2026-05-06T09:00:00+08:00');
    await post(staff.reviewer.token, `/api/reviews/${reviewId}/opinion`, {
      occurredAt: '2026-05-06T14:00:00+08:00',
      outcome: 'returned',
      findings: { ...ALL_CLEAR, evidence: { ok: false, note: '缺少现场照片' }, facts: { ok: false, note: '违法时间不明' } },
      opinion: '退回补充',
    }).expect(201);
    await submit('2026-05-07T09:00:00+08:00');
    await post(staff.reviewer2.token, `/api/reviews/${reviewId}/opinion`, {
      occurredAt: '2026-05-08T09:00:00+08:00',
      outcome: 'approved',
      findings: ALL_CLEAR,
      opinion: '同意',
    }).expect(201);
    await t.settle();
    const figures = await get(staff.head.token, '/api/reviews/figures?from=2026-05-01&to=2026-05-31').expect(200);
    expect(figures.body.items).toEqual([
      {
        agencyId: 'dazu-emb',
        submitted: 2,
        approved: 1,
        returned: 1,
        topFindings: [
          { point: 'evidence', times: 1 },
          { point: 'facts', times: 1 },
        ],
        meanHoursToOpinion: 14.5,
        longestHoursToOpinion: 24,
        reviewers: 3,
        certifiedOfficers: 4,
        reviewerRatio: 0.75,
        meetsReviewerNorm: true,
      },
    ]);
    await get(staff.head.token, '/api/reviews/figures?from=2026-05-31&to=2026-05-01').expect(400);
    await get(staff.officerA.token, '/api/reviews/figures?from=2026-05-01&to=2026-05-31').expect(403);
  });
});
