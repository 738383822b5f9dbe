import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '../../src/eventstore/projections/projection-runner.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { type Staff, setUpAgency } from '../support/cases.js';
import { creditCode } from '../../src/shared/testing/credit-codes.js';

let t: TestApp;
let staff: Staff;
const clock = new ControlledClock(new Date('2026-03-02T10:00:00+08:00'));

const post = (token: string, path: string, body: object = {}) => t.http().post(path).auth(token, { type: 'bearer' }).send(body);
const get = (token: string, path: string) => t.http().get(path).auth(token, { type: 'bearer' });

/** Ten trade companies (3 of them high risk), two chemical plants; one entity per line. */
const GOOD = Array.from({ length: 10 }, (_, i) => `工贸企业${i + 1},${creditCode(i + 1)},工贸,${i < 3 ? 'high' : 'low'},大足区工业园${i + 1}号`);
const CHEMICAL = [11, 12].map((n) => `化工企业${n},${creditCode(n)},危险化学品,major,大足区化工园${n}号`);
const HEADER = 'name,creditCode,sector,riskLevel,address';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let itemId: string;

beforeAll(async () => {
  t = await startTestApp({ clock });
  staff = await setUpAgency(t);
  const item = await post(staff.head.token, '/api/planning/items', {
    code: 'YJ-GM-01',
    title: '工贸企业安全生产主体责任落实情况检查',
    legalBasis: '《中华人民共和国安全生产法》第六十五条',
    sectors: ['工贸'],
  }).expect(201);
  itemId = item.body.itemId;
  // The inspector pool is read from the officers list.
  await t.settle();
});
afterAll(async () => {
  await t.close();
});

async function entities(): Promise<string[]> {
  const response = await get(staff.head.token, '/api/planning/entities').expect(200);
  return (response.body.items as { creditCode: string }[]).map((e) => e.creditCode);
}

async function createPlan(overrides: Record<string, unknown> = {}): Promise<{ planId: string; seedCommitment: string }> {
  const response = await post(staff.head.token, '/api/plans', {
    name: '2026年第二季度工贸行业双随机抽查',
    items: [itemId],
    filters: { sectors: ['工贸'] },
    sampleCount: 4,
    period: { from: '2026-03-02', to: '2026-06-30' },
    inspectorsPerTeam: 2,
    ...overrides,
  }).expect(201);
  return response.body as { planId: string; seedCommitment: string };
}

describe('the entity pool', () => {
  it('imports nothing from a file with malformed lines, reporting each with its number', async () => {
    const wrongCheck = `${creditCode(20).slice(0, 17)}${creditCode(20).endsWith('0') ? '1' : '0'}`;
    const csv = [
      HEADER,
      GOOD[0],
      `坏企业甲,${wrongCheck},工贸,low,大足区某号`,
      `坏企业乙,,工贸,low,大足区某号`,
      `坏企业丙,${creditCode(21)},工贸`,
      `重复企业,${creditCode(1)},工贸,low,大足区某号`,
    ].join('\n');
    const response = await post(staff.head.token, '/api/planning/entities/import', { csv }).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe('CSV_INVALID');
    expect(response.body.lines.map((l: { line: number }) => l.line)).toEqual([3, 4, 5, 6]);
    expect(response.body.lines[3].problems).toEqual([{ field: 'creditCode', message: `${creditCode(1)} is already on line 2` }]);
    expect(response.body.errors).toContainEqual({ field: 'csv[line 3].creditCode', messages: [expect.stringContaining('check character')] });
    expect(await entities()).toEqual([]);

    const skipped = await post(staff.head.token, '/api/planning/entities/import', { csv, skipInvalid: true }).expect(201);
    expect(skipped.body).toMatchObject({ added: 1, updated: 0, skipped: [{ line: 3 }, { line: 4 }, { line: 5 }, { line: 6 }] });
    expect(await entities()).toEqual([creditCode(1)]);
  });

  it('imports a clean file, replacing entities already in the pool', async () => {
    const response = await post(staff.head.token, '/api/planning/entities/import', { csv: [HEADER, ...GOOD, ...CHEMICAL].join('\n') }).expect(201);
    expect(response.body).toMatchObject({ added: 11, updated: 1, skipped: [] });
    expect(await entities()).toHaveLength(12);
  });

  it('lets only heads and administrators change the pool', async () => {
    await post(staff.officerA.token, '/api/planning/entities/import', { csv: [HEADER, ...GOOD].join('\n') }).expect(403);
    const bad = await post(staff.head.token, '/api/planning/entities/import', { csv: 7 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('a plan and its draw', () => {
  let planId: string;

  it('refuses bad plans with field errors, and plans that name unknown items', async () => {
    const bad = await post(staff.head.token, '/api/plans', {
      name: '',
      items: [itemId],
      sampleCount: 2,
      period: { from: '2026-03-02', to: '2026-06-30' },
      inspectorsPerTeam: 1,
    }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['name', 'inspectorsPerTeam']));
    const unknown = await post(staff.head.token, '/api/plans', {
      name: '计划',
      items: ['00000000-0000-4000-8000-000000000000'],
      sampleCount: 2,
      period: { from: '2026-03-02', to: '2026-06-30' },
      inspectorsPerTeam: 2,
    }).expect(404);
    expect(unknown.body.code).toBe('INSPECTION_ITEM_NOT_FOUND');
    const spanning = await post(staff.head.token, '/api/plans', {
      name: '计划',
      items: [itemId],
      sampleCount: 2,
      period: { from: '2026-12-01', to: '2027-01-31' },
      inspectorsPerTeam: 2,
    }).expect(400);
    expect(spanning.body.code).toBe('PLAN_PERIOD_SPANS_YEARS');
  });

  it('commits to a server seed before the draw, shown with the plan and on the public page', async () => {
    await post(staff.head.token, '/api/planning/recusals', {
      officerId: staff.officerA.id,
      creditCode: creditCode(2),
      reason: '检查员的配偶在该企业任安全主管',
    }).expect(201);
    const created = await createPlan({ keyInspections: [{ creditCode: creditCode(2), reason: '上年度发生一般生产安全事故' }] });
    planId = created.planId;
    expect(created.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    const plan = await get(staff.officerA.token, `/api/plans/${planId}`).expect(200);
    expect(plan.body).toMatchObject({ status: 'planned', seedCommitment: created.seedCommitment, seedHeldBy: 'server', draw: null });
    const page = await t.http().get(`/public/plans/${planId}`).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain(created.seedCommitment);
    expect(page.text).toContain('尚未抽取');
    expect(page.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const missing = await t.http().get('/public/plans/00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.headers['content-type']).toContain('text/html');
    await t.http().get(`/api/public/plans/not-a-uuid`).expect(400);
    const items = await t.http().get('/api/public/inspection-items?agency=dazu-emb').expect(200);
    expect(items.body.items).toEqual([expect.objectContaining({ code: 'YJ-GM-01', legalBasis: '《中华人民共和国安全生产法》第六十五条' })]);
    await t.http().get('/api/public/inspection-items').expect(400);
  });

  it('draws once: teams of 2 certified inspectors, the recusal honoured, the key inspection beside the sample', async () => {
    await post(staff.officerA.token, `/api/plans/${planId}/draw`).expect(403);
    await post(staff.head.token, `/api/plans/${planId}/draw`).expect(201);
    const plan = await get(staff.head.token, `/api/plans/${planId}`).expect(200);
    const { draw, assignments } = plan.body;
    expect(draw.algorithm).toBe('casetrail-draw/1');
    expect(draw.inputs.entities).toHaveLength(10);
    // The four officers of the agency: A, B, C and the head.
    expect(draw.inputs.inspectors).toHaveLength(4);
    expect(draw.inputs.recusals).toEqual([{ officerId: staff.officerA.id, creditCode: creditCode(2) }]);
    expect(sha256(draw.inputs.seed)).toBe(plan.body.seedCommitment);
    expect(assignments).toHaveLength(5);
    expect(assignments.filter((a: { kind: string }) => a.kind === 'random')).toHaveLength(4);
    expect(assignments.at(-1)).toMatchObject({ creditCode: creditCode(2), kind: 'key' });
    for (const a of assignments) expect(new Set(a.inspectors.map((i: { officerId: string }) => i.officerId)).size).toBe(2);
    const keyTeam = assignments.at(-1).inspectors.map((i: { officerId: string }) => i.officerId);
    expect(keyTeam).not.toContain(staff.officerA.id);

    const again = await post(staff.head.token, `/api/plans/${planId}/draw`).expect(409);
    expect(again.body.code).toBe('PLAN_ALREADY_DRAWN');
  });

  it('verifies the draw by re-running it from its recorded inputs', async () => {
    const verdict = await get(staff.head.token, `/api/plans/${planId}/draw/verify`).expect(200);
    expect(verdict.body.ok).toBe(true);
    expect(verdict.body.checks.map((c: { check: string }) => c.check)).toEqual(
      expect.arrayContaining(['seed_commitment', 'entity_pool_hash', 'inspector_pool_hash', 'result', 'event_chain']),
    );
  });

  it('opens a case for a drawn inspection, by its team only, and shows the plan’s progress', async () => {
    const plan = await get(staff.head.token, `/api/plans/${planId}`).expect(200);
    const [first, second] = plan.body.assignments as { creditCode: string; inspectors: { officerId: string }[] }[];
    const teamIds = first!.inspectors.map((i) => i.officerId);
    const outsider = [staff.officerA, staff.officerB, staff.officerC].find((o) => !teamIds.includes(o.id))!;
    const member = [staff.officerA, staff.officerB, staff.officerC, staff.head].find((o) => teamIds.includes(o.id))!;
    const body = { creditCode: first!.creditCode, occurredAt: '2026-03-02T09:30:00+08:00', summary: '按双随机抽查计划进行检查' };

    const refused = await post(outsider.token, `/api/plans/${planId}/inspections`, body).expect(403);
    expect(refused.body.code).toBe('NOT_ON_TEAM');
    const outside = await post(member.token, `/api/plans/${planId}/inspections`, { ...body, occurredAt: '2026-02-27T09:30:00+08:00' }).expect(409);
    expect(outside.body.code).toBe('INSPECTION_OUTSIDE_PERIOD');

    const opened = await post(member.token, `/api/plans/${planId}/inspections`, body).expect(201);
    const caseId = opened.body.caseId as string;
    const twice = await post(member.token, `/api/plans/${planId}/inspections`, body).expect(409);
    expect(twice.body.code).toBe('INSPECTION_ALREADY_OPENED');
    const theCase = await get(member.token, `/api/cases/${caseId}`).expect(200);
    expect(theCase.body).toMatchObject({
      source: 'random_draw',
      planId,
      party: { kind: 'organization', creditCode: first!.creditCode },
      officerIds: teamIds,
    });
    await post(member.token, `/api/cases/${caseId}/hazards`, {
      occurredAt: '2026-03-02T09:40:00+08:00',
      description: '配电箱前堆放杂物',
      severity: 'general',
    }).expect(201);

    const early = await post(staff.head.token, `/api/plans/${planId}/completion`).expect(409);
    expect(early.body.code).toBe('INSPECTIONS_OUTSTANDING');

    await t.settle();
    const progress = await get(staff.head.token, `/api/plans/${planId}`).expect(200);
    expect(progress.body.progress).toEqual({ drawn: 5, inspected: 1, hazardsFound: 1, penalised: 0, finesFen: 0 });
    const list = await get(staff.officerC.token, '/api/plans').expect(200);
    expect(list.body.items.find((p: { planId: string }) => p.planId === planId)).toMatchObject({
      status: 'drawn',
      progress: { drawn: 5, inspected: 1, hazardsFound: 1 },
    });
    expect(second).toBeDefined();
  });

  it('completes when every drawn inspection has its case, and publishes the results', async () => {
    const plan = await get(staff.head.token, `/api/plans/${planId}`).expect(200);
    const done = new Set((plan.body.inspections as { creditCode: string }[]).map((i) => i.creditCode));
    for (const a of plan.body.assignments as { creditCode: string }[]) {
      if (done.has(a.creditCode)) continue;
      await post(staff.head.token, `/api/plans/${planId}/inspections`, {
        creditCode: a.creditCode,
        occurredAt: '2026-03-02T10:00:00+08:00',
        summary: '按双随机抽查计划进行检查',
      }).expect(201);
    }
    await post(staff.officerA.token, `/api/plans/${planId}/completion`).expect(403);
    await post(staff.head.token, `/api/plans/${planId}/completion`).expect(201);

    const record = await t.http().get(`/api/public/plans/${planId}`).expect(200);
    expect(record.body.status).toBe('completed');
    expect(record.body.results.inspections).toHaveLength(5);
    expect(record.body.results.inspections.filter((r: { conclusion: string }) => r.conclusion === 'rectification_pending')).toHaveLength(1);
    const page = await t.http().get(`/public/plans/${planId}`).expect(200);
    expect(page.text).toContain('检查结果');
    expect(page.text).toContain('发现隐患，整改中');
    expect(page.text).not.toMatch(/<script|<link|src=/);
  });
});

describe('the planning projection', () => {
  it('rebuilds to the same plans and progress it reached incrementally', async () => {
    await t.settle();
    const before = await get(staff.head.token, '/api/plans').expect(200);
    await t.app.get(ProjectionRunner).rebuild('planning');
    await t.settle();
    const after = await get(staff.head.token, '/api/plans').expect(200);
    expect(after.body).toEqual(before.body);
    expect(before.body.items.length).toBeGreaterThan(0);
  });
});

describe('a seed held by the planner', () => {
  const seed = '2026-03-02 抽取会现场掷骰：4 6 1 3 5 2 6 6';

  it('must be revealed at the draw and match the commitment; the public record re-runs outside casetrail', async () => {
    const { planId } = await createPlan({ name: '规划者持有种子的计划', seedCommitment: sha256(seed), sampleCount: undefined, samplePercent: 30 });
    const missing = await post(staff.head.token, `/api/plans/${planId}/draw`).expect(400);
    expect(missing.body.code).toBe('SEED_REQUIRED');
    const wrong = await post(staff.head.token, `/api/plans/${planId}/draw`, { seed: 'a different seed entirely' }).expect(409);
    expect(wrong.body.code).toBe('SEED_COMMITMENT_MISMATCH');
    await post(staff.head.token, `/api/plans/${planId}/draw`, { seed }).expect(201);

    const record = await t.http().get(`/api/public/plans/${planId}`).expect(200);
    expect(record.body.draw.inputs.seed).toBe(seed);
    // 30% of the eligible entities, rounded up.
    expect(record.body.draw.result.sampleSize).toBe(Math.ceil(record.body.draw.result.eligible * 0.3));

    const dir = await mkdtemp(join(tmpdir(), 'casetrail-draw-'));
    try {
      const file = join(dir, 'record.json');
      await writeFile(file, JSON.stringify(record.body));
      const { stdout } = await promisify(execFile)(process.execPath, ['docs/tools/verify-draw.mjs', file]);
      const verdict = JSON.parse(stdout);
      expect(verdict.ok).toBe(true);
      expect(verdict.result).toEqual(record.body.draw.result);

      const tampered = structuredClone(record.body);
      tampered.draw.result.assignments[0].inspectorIds.reverse();
      await writeFile(file, JSON.stringify(tampered));
      const failed = await promisify(execFile)(process.execPath, ['docs/tools/verify-draw.mjs', file]).catch((e: { code: number; stdout: string }) => e);
      expect(failed).toMatchObject({ code: 1 });
      expect(JSON.parse((failed as { stdout: string }).stdout).checks).toMatchObject({ result: false, result_hash: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the frequency cap', () => {
  it('keeps an entity from being selected more often than twice a year, key inspections included', async () => {
    const chemical = { filters: { sectors: ['危险化学品'] }, sampleCount: 2 };
    for (const name of ['危化品抽查一', '危化品抽查二']) {
      const { planId } = await createPlan({ name, ...chemical });
      await post(staff.head.token, `/api/plans/${planId}/draw`).expect(201);
    }
    const third = await createPlan({ name: '危化品抽查三', ...chemical });
    const nothing = await post(staff.head.token, `/api/plans/${third.planId}/draw`).expect(409);
    expect(nothing.body.code).toBe('NOTHING_TO_DRAW');
    const key = await createPlan({ name: '危化品重点检查', ...chemical, keyInspections: [{ creditCode: creditCode(11), reason: '投诉举报' }] });
    const capped = await post(staff.head.token, `/api/plans/${key.planId}/draw`).expect(409);
    expect(capped.body.code).toBe('FREQUENCY_CAP_REACHED');
    // A plan of next year starts from zero.
    const nextYear = await createPlan({ name: '2027年危化品抽查', ...chemical, period: { from: '2027-01-04', to: '2027-03-31' } });
    await post(staff.head.token, `/api/plans/${nextYear.planId}/draw`).expect(201);
  });
});

describe('draws racing for the same entities', () => {
  it('never take an entity past the cap: the loser reads the selections again', async () => {
    const fireworks = [31, 32].map((n) => `烟花企业${n},${creditCode(n)},烟花爆竹,medium,大足区${n}号`);
    await post(staff.head.token, '/api/planning/entities/import', { csv: [HEADER, ...fireworks].join('\n') }).expect(201);
    const plans = [];
    for (const name of ['烟花抽查一', '烟花抽查二', '烟花抽查三']) {
      plans.push(await createPlan({ name, filters: { sectors: ['烟花爆竹'] }, sampleCount: 2 }));
    }
    const responses = await Promise.all(plans.map(({ planId }) => post(staff.head.token, `/api/plans/${planId}/draw`)));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 409]);
    expect(responses.find((r) => r.status === 409)?.body.code).toBe('NOTHING_TO_DRAW');
  });
});

describe('a tampered recorded draw', () => {
  it('fails verification', async () => {
    const { planId } = await createPlan({ name: '被篡改的抽取' });
    await post(staff.head.token, `/api/plans/${planId}/draw`).expect(201);
    expect((await get(staff.head.token, `/api/plans/${planId}/draw/verify`).expect(200)).body.ok).toBe(true);
    // Someone with superuser rights bypasses the append-only trigger and swaps the first team.
    await t.app.get(DataSource).transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(
        `UPDATE events
         SET data = jsonb_set(data, '{result,assignments,0,inspectorIds}', (data #> '{result,assignments,0,inspectorIds}') - 0 || '["${staff.reviewer.id}"]'::jsonb)
         WHERE stream_id = $1 AND type = 'PlanDrawn'`,
        [`plan-${planId}`],
      );
    });
    const verdict = await get(t.token({ sub: 'auditor-1', agency: 'dazu-emb', roles: ['auditor'] }), `/api/plans/${planId}/draw/verify`).expect(200);
    expect(verdict.body.ok).toBe(false);
    const failed = verdict.body.checks.filter((c: { ok: boolean }) => !c.ok).map((c: { check: string }) => c.check);
    expect(failed).toEqual(expect.arrayContaining(['result', 'result_hash', 'teams', 'event_chain']));
  });
});
