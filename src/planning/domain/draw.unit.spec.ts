import { describe, expect, it } from '@jest/globals';
import {
  DRAW_ALGORITHM,
  type DrawInputs,
  DrawRandom,
  type PoolEntity,
  type RecordedDraw,
  fingerprints,
  runDraw,
  seedCommitment,
  verifyDraw,
} from './draw.js';

/** Credit codes need not be valid here: the draw only orders and compares them. */
const entity = (n: number, riskLevel: PoolEntity['riskLevel'] = 'medium'): PoolEntity => ({
  creditCode: `91500111MA${String(n).padStart(8, '0')}`,
  name: `企业${n}`,
  sector: '工贸',
  riskLevel,
  address: `大足区${n}号`,
});
const inspector = (n: number) => ({ officerId: `officer-${String(n).padStart(2, '0')}`, name: `检查员${n}` });

const base: DrawInputs = {
  algorithm: DRAW_ALGORITHM,
  seed: 'a public seed revealed at the draw',
  entities: Array.from({ length: 20 }, (_, i) => entity(i + 1)),
  inspectors: Array.from({ length: 6 }, (_, i) => inspector(i + 1)),
  excluded: [],
  keyEntities: [],
  recusals: [],
  sample: { kind: 'count', count: 5 },
  teamSize: 2,
};

const record = (inputs: DrawInputs): RecordedDraw => {
  const result = runDraw(inputs);
  return { seedCommitment: seedCommitment(inputs.seed), inputs, result, fingerprints: fingerprints(inputs, result) };
};

describe('the PRNG', () => {
  it('is the counter-mode HMAC-SHA256 stream of the ADR (test vector computed with openssl)', () => {
    const random = new DrawRandom('casetrail');
    const words = Array.from({ length: 16 }, () => random.nextUint32().toString(16).padStart(8, '0'));
    // printf 'casetrail-draw/1\\x00' + uint64be(c) | openssl dgst -sha256 -hmac casetrail, for c = 0 and 1.
    expect(words.join('')).toBe(
      'd9bd42ed9ebca08601f58aeda72d4857b3c8d3aba669ab6a46f6993fd2a933ad' +
        '861a115b57f0602caef4ae1d10ed5469d2b2149b954d879df761b77fb07cd0e3',
    );
  });

  it('draws integers below n without bias from rejection sampling', () => {
    const random = new DrawRandom('below');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i += 1) counts[random.below(3)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(3 * Math.sqrt(30_000 * (1 / 3) * (2 / 3)));
  });
});

describe('a draw', () => {
  it('gives the same result from the same inputs', () => {
    expect(runDraw(base)).toEqual(runDraw({ ...base }));
    expect(runDraw(base).assignments).toHaveLength(5);
  });

  it('does not depend on the order in which the pools were listed', () => {
    expect(runDraw({ ...base, entities: [...base.entities].reverse(), inspectors: [...base.inspectors].reverse() })).toEqual(runDraw(base));
  });

  it('gives a different result for another seed', () => {
    expect(runDraw({ ...base, seed: 'another seed' })).not.toEqual(runDraw(base));
  });

  it('gives a different result from a changed pool', () => {
    expect(runDraw({ ...base, entities: base.entities.slice(1) })).not.toEqual(runDraw(base));
    expect(runDraw({ ...base, inspectors: base.inspectors.slice(1) })).not.toEqual(runDraw(base));
  });

  it('never puts a recused inspector on the entity’s team', () => {
    const recusals = base.entities.flatMap((e) => [
      { officerId: 'officer-01', creditCode: e.creditCode },
      { officerId: 'officer-02', creditCode: e.creditCode },
    ]);
    for (let n = 0; n < 50; n += 1) {
      const result = runDraw({ ...base, seed: `recusal ${n}`, recusals });
      for (const a of result.assignments) {
        expect(a.inspectorIds).not.toContain('officer-01');
        expect(a.inspectorIds).not.toContain('officer-02');
      }
    }
  });

  it('refuses a draw where recusals leave an entity fewer inspectors than a team needs', () => {
    const target = base.entities[0]!.creditCode;
    const recusals = base.inspectors.slice(0, 5).map((i) => ({ officerId: i.officerId, creditCode: target }));
    expect(() => runDraw({ ...base, sample: { kind: 'count', count: 20 }, recusals })).toThrow(
      expect.objectContaining({ reason: 'too_few_inspectors' }),
    );
  });

  it('forms every team of distinct inspectors, at least 2, of the requested size', () => {
    for (const teamSize of [2, 3, 6]) {
      for (const a of runDraw({ ...base, teamSize }).assignments) {
        expect(new Set(a.inspectorIds).size).toBe(teamSize);
      }
    }
    expect(() => runDraw({ ...base, teamSize: 1 })).toThrow(expect.objectContaining({ reason: 'invalid_inputs' }));
  });

  it('never draws an entity excluded by the frequency cap, and marks key inspections beside the sample', () => {
    const capped = base.entities.slice(0, 10).map((e) => ({ creditCode: e.creditCode, reason: 'frequency_cap' }));
    const key = base.entities[15]!.creditCode;
    for (let n = 0; n < 50; n += 1) {
      const result = runDraw({ ...base, seed: `cap ${n}`, excluded: capped, keyEntities: [key], sample: { kind: 'count', count: 9 } });
      const drawn = result.assignments.filter((a) => a.kind === 'random').map((a) => a.creditCode);
      expect(result.eligible).toBe(9);
      expect(drawn).toHaveLength(9);
      expect(drawn.some((code) => capped.some((c) => c.creditCode === code))).toBe(false);
      expect(drawn).not.toContain(key);
      expect(result.assignments.at(-1)).toMatchObject({ creditCode: key, kind: 'key' });
    }
  });

  it('rounds a ratio up and never asks for more than the eligible entities', () => {
    expect(runDraw({ ...base, sample: { kind: 'ratio', basisPoints: 1_000 } }).sampleSize).toBe(2);
    expect(runDraw({ ...base, sample: { kind: 'ratio', basisPoints: 1_001 } }).sampleSize).toBe(3);
    expect(runDraw({ ...base, sample: { kind: 'count', count: 99 } }).sampleSize).toBe(20);
  });
});

describe('verification', () => {
  it('confirms an untouched draw', () => {
    expect(verifyDraw(record(base))).toMatchObject({ ok: true });
  });

  it('fails a recorded draw whose team was altered', () => {
    const honest = record(base);
    const [first, ...rest] = honest.result.assignments;
    const outsider = base.inspectors.map((i) => i.officerId).find((id) => !first!.inspectorIds.includes(id))!;
    const swapped = { ...first!, inspectorIds: [outsider, ...first!.inspectorIds.slice(1)] };
    const tampered = { ...honest, result: { ...honest.result, assignments: [swapped, ...rest] } };
    const verdict = verifyDraw(tampered);
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.filter((c) => !c.ok).map((c) => c.check)).toEqual(expect.arrayContaining(['result', 'result_hash']));
  });

  it('fails a draw whose pool was edited after the fact, even with the result recomputed', () => {
    const honest = record(base);
    const inputs = { ...base, entities: base.entities.slice(0, 19) };
    const verdict = verifyDraw({ ...honest, inputs, result: runDraw(inputs) });
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((c) => c.check === 'entity_pool_hash')?.ok).toBe(false);
  });

  it('fails a seed that does not match the commitment made before the draw', () => {
    const honest = record(base);
    const verdict = verifyDraw({ ...honest, seedCommitment: seedCommitment('the seed first committed to') });
    expect(verdict.checks.find((c) => c.check === 'seed_commitment')).toMatchObject({ ok: false });
  });
});

describe('statistical sanity', () => {
  it('selects every entity within 3 standard deviations of its expected frequency over 10,000 draws', () => {
    const draws = 10_000;
    const inputs: DrawInputs = {
      ...base,
      entities: base.entities.slice(0, 12),
      inspectors: base.inspectors.slice(0, 5),
      sample: { kind: 'count', count: 3 },
    };
    const entityCounts = new Map<string, number>();
    const inspectorCounts = new Map<string, number>();
    for (let n = 0; n < draws; n += 1) {
      for (const a of runDraw({ ...inputs, seed: `statistics ${n}` }).assignments) {
        entityCounts.set(a.creditCode, (entityCounts.get(a.creditCode) ?? 0) + 1);
        for (const id of a.inspectorIds) inspectorCounts.set(id, (inspectorCounts.get(id) ?? 0) + 1);
      }
    }
    // Each entity: Binomial(10,000, 3/12).
    const p = 3 / 12;
    const sd = Math.sqrt(draws * p * (1 - p));
    expect(entityCounts.size).toBe(12);
    for (const count of entityCounts.values()) expect(Math.abs(count - draws * p)).toBeLessThanOrEqual(3 * sd);
    // Each inspector is on a team of 2 of 5 for each of 30,000 assignments: Binomial(30,000, 2/5).
    const q = 2 / 5;
    const trials = draws * 3;
    const sdInspector = Math.sqrt(trials * q * (1 - q));
    expect(inspectorCounts.size).toBe(5);
    for (const count of inspectorCounts.values()) expect(Math.abs(count - trials * q)).toBeLessThanOrEqual(3 * sdInspector);
  });
});
