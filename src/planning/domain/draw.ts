import { createHash, createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The random draw of "double random, one public" (双随机、一公开), specified exactly so that anyone can re-run it from
 * its published inputs (docs/adr/0010-random-draws.md). Pure: node:crypto is the only source of randomness, and it
 * is keyed by the revealed seed alone.
 */
export const DRAW_ALGORITHM = 'casetrail-draw/1' as const;
export type DrawAlgorithm = typeof DRAW_ALGORITHM;

export const RISK_LEVELS = ['low', 'medium', 'high', 'major'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** Key inspections (重点检查) are for these levels only. */
export const HIGH_RISK_LEVELS: readonly RiskLevel[] = ['high', 'major'];

/** One inspectable entity as frozen into a draw: the fields the filters read, and what the published list shows. */
export interface PoolEntity {
  readonly creditCode: string;
  readonly name: string;
  readonly sector: string;
  readonly riskLevel: RiskLevel;
  readonly address: string;
}

export interface PoolInspector {
  readonly officerId: string;
  readonly name: string;
}

export interface Recusal {
  readonly officerId: string;
  readonly creditCode: string;
}

export type SampleSpec =
  | { readonly kind: 'count'; readonly count: number }
  /** A share of the eligible entities in basis points (1/10,000), rounded up: 10% is 1000. */
  | { readonly kind: 'ratio'; readonly basisPoints: number };

/** Everything the result depends on. Lists are in canonical order (see `normalizeInputs`). */
export interface DrawInputs {
  readonly algorithm: DrawAlgorithm;
  /** The revealed seed; its UTF-8 bytes key the PRNG. */
  readonly seed: string;
  /** The entity pool after the plan's sector and risk filters, by credit code. */
  readonly entities: readonly PoolEntity[];
  /** Certified inspectors, by officer id. */
  readonly inspectors: readonly PoolInspector[];
  /** Entities of the pool that may not be drawn at random (e.g. at the frequency cap), by credit code. */
  readonly excluded: readonly { readonly creditCode: string; readonly reason: string }[];
  /** Key inspections beside the random sample, by credit code; each gets a team but is never in the sample. */
  readonly keyEntities: readonly string[];
  /** Inspector-entity links: the inspector is never put on that entity's team. By officer id, then credit code. */
  readonly recusals: readonly Recusal[];
  readonly sample: SampleSpec;
  readonly teamSize: number;
}

export interface Assignment {
  readonly creditCode: string;
  readonly kind: 'random' | 'key';
  readonly inspectorIds: readonly string[];
}

export interface DrawResult {
  /** Entities eligible for the random sample (pool minus exclusions minus key entities). */
  readonly eligible: number;
  readonly sampleSize: number;
  readonly assignments: readonly Assignment[];
}

export class DrawError extends Error {
  constructor(
    readonly reason: 'too_few_inspectors' | 'unknown_key_entity' | 'invalid_inputs',
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DrawError';
  }
}

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON representation');
  return text;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** sha256 of the RFC 8785 canonical JSON: how snapshots, inputs and results are fingerprinted. */
export const hashOf = (value: unknown): string => sha256Hex(canonicalJson(value));

/** The commitment a plan records before its draw: sha256 of the seed's UTF-8 bytes, hex. */
export const seedCommitment = (seed: string): string => sha256Hex(seed);

/**
 * Counter-mode stream: block c = HMAC-SHA256(key = UTF-8(seed), message = ASCII(algorithm) || 0x00 || uint64be(c)),
 * c = 0, 1, 2, ...; the stream is the blocks' bytes in order, read 4 bytes at a time as big-endian unsigned integers.
 */
export class DrawRandom {
  private readonly key: Buffer;
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0n;

  constructor(seed: string) {
    this.key = Buffer.from(seed, 'utf8');
  }

  nextUint32(): number {
    if (this.offset + 4 > this.block.length) {
      const message = Buffer.alloc(DRAW_ALGORITHM.length + 9);
      message.write(DRAW_ALGORITHM, 0, 'ascii');
      message.writeUInt8(0, DRAW_ALGORITHM.length);
      message.writeBigUInt64BE(this.counter, DRAW_ALGORITHM.length + 1);
      this.block = createHmac('sha256', this.key).update(message).digest();
      this.offset = 0;
      this.counter += 1n;
    }
    const value = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** Uniform on 0..n-1 by rejection: values at or above the largest multiple of n below 2^32 are drawn again. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`cannot draw below ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const value = this.nextUint32();
      if (value < limit) return value % n;
    }
  }

  /** Fisher–Yates (Durstenfeld): for i from the last index down to 1, swap item i with item below(i + 1). */
  shuffle<T>(items: readonly T[]): T[] {
    const list = [...items];
    for (let i = list.length - 1; i >= 1; i -= 1) {
      const j = this.below(i + 1);
      const a = list[i] as T;
      list[i] = list[j] as T;
      list[j] = a;
    }
    return list;
  }
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Puts every list of the inputs in its canonical order, so that the same facts always hash and draw the same. */
export function normalizeInputs(inputs: DrawInputs): DrawInputs {
  return {
    ...inputs,
    entities: [...inputs.entities].sort((a, b) => byString(a.creditCode, b.creditCode)),
    inspectors: [...inputs.inspectors].sort((a, b) => byString(a.officerId, b.officerId)),
    excluded: [...inputs.excluded].sort((a, b) => byString(a.creditCode, b.creditCode)),
    keyEntities: [...new Set(inputs.keyEntities)].sort(byString),
    recusals: [...inputs.recusals].sort((a, b) => byString(a.officerId, b.officerId) || byString(a.creditCode, b.creditCode)),
  };
}

export function sampleSize(sample: SampleSpec, eligible: number): number {
  const wanted = sample.kind === 'count' ? sample.count : Math.ceil((eligible * sample.basisPoints) / 10_000);
  return Math.min(wanted, eligible);
}

/**
 * The draw. Steps, all on one PRNG stream:
 *  1. candidates = pool entities (credit-code order) not excluded and not key entities; shuffle them; the sample is
 *     the first `sampleSize` of the shuffled list.
 *  2. assignments = the sample in shuffled order, then the key entities in credit-code order.
 *  3. for each assignment in that order: the inspectors (officer-id order) minus those recused from the entity are
 *     shuffled, and the first `teamSize` are its team, in drawn order.
 */
export function runDraw(raw: DrawInputs): DrawResult {
  const inputs = normalizeInputs(raw);
  if (inputs.algorithm !== DRAW_ALGORITHM) {
    throw new DrawError('invalid_inputs', `unknown algorithm ${String(inputs.algorithm)}`);
  }
  if (!Number.isInteger(inputs.teamSize) || inputs.teamSize < 2) {
    throw new DrawError('invalid_inputs', 'a team has at least 2 inspectors');
  }
  const inPool = new Set(inputs.entities.map((e) => e.creditCode));
  for (const creditCode of inputs.keyEntities) {
    if (!inPool.has(creditCode)) throw new DrawError('unknown_key_entity', `${creditCode} is not in the pool`, { creditCode });
  }
  const excluded = new Set(inputs.excluded.map((e) => e.creditCode));
  const key = new Set(inputs.keyEntities);
  const candidates = inputs.entities.map((e) => e.creditCode).filter((code) => !excluded.has(code) && !key.has(code));
  const size = sampleSize(inputs.sample, candidates.length);

  const random = new DrawRandom(inputs.seed);
  const sample = random.shuffle(candidates).slice(0, size);
  const order: { creditCode: string; kind: 'random' | 'key' }[] = [
    ...sample.map((creditCode) => ({ creditCode, kind: 'random' as const })),
    ...inputs.keyEntities.map((creditCode) => ({ creditCode, kind: 'key' as const })),
  ];
  const recused = new Set(inputs.recusals.map((r) => `${r.officerId}\u0000${r.creditCode}`));
  const assignments = order.map(({ creditCode, kind }): Assignment => {
    const available = inputs.inspectors
      .map((i) => i.officerId)
      .filter((officerId) => !recused.has(`${officerId}\u0000${creditCode}`));
    if (available.length < inputs.teamSize) {
      throw new DrawError(
        'too_few_inspectors',
        `${creditCode} has ${available.length} inspectors without a recusal, a team needs ${inputs.teamSize}`,
        { creditCode, available: available.length, teamSize: inputs.teamSize },
      );
    }
    return { creditCode, kind, inspectorIds: random.shuffle(available).slice(0, inputs.teamSize) };
  });
  return { eligible: candidates.length, sampleSize: size, assignments };
}

/** What a draw records besides its inputs and result: fingerprints anyone can recompute. */
export interface DrawFingerprints {
  readonly entityPoolHash: string;
  readonly inspectorPoolHash: string;
  readonly inputsHash: string;
  readonly resultHash: string;
}

export function fingerprints(inputs: DrawInputs, result: DrawResult): DrawFingerprints {
  const normalized = normalizeInputs(inputs);
  return {
    entityPoolHash: hashOf(normalized.entities),
    inspectorPoolHash: hashOf(normalized.inspectors),
    inputsHash: hashOf(normalized),
    resultHash: hashOf(result),
  };
}

export interface RecordedDraw {
  readonly seedCommitment: string;
  readonly inputs: DrawInputs;
  readonly result: DrawResult;
  readonly fingerprints: DrawFingerprints;
}

export interface VerificationCheck {
  readonly check: 'seed_commitment' | 'entity_pool_hash' | 'inspector_pool_hash' | 'inputs_hash' | 'result' | 'result_hash' | 'teams';
  readonly ok: boolean;
  readonly detail: string;
}

/** Re-runs a recorded draw from its inputs and checks every recorded fingerprint and the seed commitment. */
export function verifyDraw(recorded: RecordedDraw): { readonly ok: boolean; readonly checks: readonly VerificationCheck[] } {
  const { inputs, result, fingerprints: claimed } = recorded;
  const checks: VerificationCheck[] = [];
  const check = (name: VerificationCheck['check'], ok: boolean, detail: string) => checks.push({ check: name, ok, detail });

  const revealed = seedCommitment(inputs.seed);
  check('seed_commitment', revealed === recorded.seedCommitment, `sha256(seed) = ${revealed}`);
  const normalized = normalizeInputs(inputs);
  const entityPoolHash = hashOf(normalized.entities);
  check('entity_pool_hash', entityPoolHash === claimed.entityPoolHash, `recomputed ${entityPoolHash}`);
  const inspectorPoolHash = hashOf(normalized.inspectors);
  check('inspector_pool_hash', inspectorPoolHash === claimed.inspectorPoolHash, `recomputed ${inspectorPoolHash}`);
  const inputsHash = hashOf(normalized);
  check('inputs_hash', inputsHash === claimed.inputsHash, `recomputed ${inputsHash}`);

  let rerun: DrawResult | null = null;
  try {
    rerun = runDraw(inputs);
  } catch (error) {
    check('result', false, `the inputs do not draw: ${(error as Error).message}`);
  }
  if (rerun) {
    const same = canonicalJson(rerun) === canonicalJson(result);
    check('result', same, same ? 'the re-run gives the recorded result' : 'the re-run gives a different result');
  }
  const resultHash = hashOf(result);
  check('result_hash', resultHash === claimed.resultHash, `recomputed ${resultHash}`);
  const inspectorIds = new Set(inputs.inspectors.map((i) => i.officerId));
  const teamsOk = result.assignments.every(
    (a) => new Set(a.inspectorIds).size === a.inspectorIds.length && a.inspectorIds.length >= 2 && a.inspectorIds.every((id) => inspectorIds.has(id)),
  );
  check('teams', teamsOk, teamsOk ? 'every team has at least 2 distinct inspectors of the pool' : 'a team is short or names an inspector outside the pool');
  return { ok: checks.every((c) => c.ok), checks };
}
