#!/usr/bin/env node
// Re-runs a published casetrail draw (algorithm casetrail-draw/1) from its public record, with nothing but Node's
// crypto module: an independent implementation of docs/adr/0010-random-draws.md.
//   node docs/tools/verify-draw.mjs record.json      (or the record on stdin)
// The record is what GET /public/plans/{planId}/draw.json returns. Prints the checks; exits 1 if one fails.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const ALGORITHM = 'casetrail-draw/1';

// RFC 8785 for the values a record holds (strings, integers, booleans, null, arrays, objects): object keys in
// UTF-16 code-unit order, no whitespace, ECMAScript number and string serialisation.
function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

function stream(seed) {
  const key = Buffer.from(seed, 'utf8');
  let block = Buffer.alloc(0);
  let offset = 0;
  let counter = 0n;
  const next = () => {
    if (offset + 4 > block.length) {
      const counterBytes = Buffer.alloc(8);
      counterBytes.writeBigUInt64BE(counter);
      block = createHmac('sha256', key).update(Buffer.concat([Buffer.from(ALGORITHM, 'ascii'), Buffer.from([0]), counterBytes])).digest();
      offset = 0;
      counter += 1n;
    }
    const value = block.readUInt32BE(offset);
    offset += 4;
    return value;
  };
  const below = (n) => {
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const u = next();
      if (u < limit) return u % n;
    }
  };
  const shuffle = (items) => {
    const list = [...items];
    for (let i = list.length - 1; i >= 1; i -= 1) {
      const j = below(i + 1);
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  };
  return { shuffle };
}

const byString = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function draw(inputs) {
  const entities = [...inputs.entities].sort((a, b) => byString(a.creditCode, b.creditCode));
  const inspectors = [...inputs.inspectors].sort((a, b) => byString(a.officerId, b.officerId)).map((i) => i.officerId);
  const excluded = new Set(inputs.excluded.map((e) => e.creditCode));
  const keys = [...new Set(inputs.keyEntities)].sort(byString);
  const candidates = entities.map((e) => e.creditCode).filter((c) => !excluded.has(c) && !keys.includes(c));
  const wanted = inputs.sample.kind === 'count' ? inputs.sample.count : Math.ceil((candidates.length * inputs.sample.basisPoints) / 10000);
  const size = Math.min(wanted, candidates.length);
  const random = stream(inputs.seed);
  const sample = random.shuffle(candidates).slice(0, size);
  const order = [...sample.map((c) => [c, 'random']), ...keys.map((c) => [c, 'key'])];
  const recused = new Set(inputs.recusals.map((r) => `${r.officerId}\u0000${r.creditCode}`));
  const assignments = order.map(([creditCode, kind]) => {
    const available = inspectors.filter((id) => !recused.has(`${id}\u0000${creditCode}`));
    if (available.length < inputs.teamSize) throw new Error(`too few inspectors for ${creditCode}`);
    return { creditCode, kind, inspectorIds: random.shuffle(available).slice(0, inputs.teamSize) };
  });
  return { eligible: candidates.length, sampleSize: size, assignments };
}

function normalized(inputs) {
  return {
    ...inputs,
    entities: [...inputs.entities].sort((a, b) => byString(a.creditCode, b.creditCode)),
    inspectors: [...inputs.inspectors].sort((a, b) => byString(a.officerId, b.officerId)),
    excluded: [...inputs.excluded].sort((a, b) => byString(a.creditCode, b.creditCode)),
    keyEntities: [...new Set(inputs.keyEntities)].sort(byString),
    recusals: [...inputs.recusals].sort((a, b) => byString(a.officerId, b.officerId) || byString(a.creditCode, b.creditCode)),
  };
}

const record = JSON.parse(readFileSync(process.argv[2] ?? 0, 'utf8'));
const d = record.draw;
if (!d) {
  process.stdout.write('the plan has not been drawn yet\n');
  process.exit(1);
}
if (d.inputs.algorithm !== ALGORITHM) throw new Error(`this verifier implements ${ALGORITHM}, not ${d.inputs.algorithm}`);
const inputs = normalized(d.inputs);
const rerun = draw(inputs);
const checks = {
  seed_commitment: sha256(d.inputs.seed) === record.seedCommitment && d.seedCommitment === record.seedCommitment,
  entity_pool_hash: sha256(canonical(inputs.entities)) === d.fingerprints.entityPoolHash,
  inspector_pool_hash: sha256(canonical(inputs.inspectors)) === d.fingerprints.inspectorPoolHash,
  inputs_hash: sha256(canonical(inputs)) === d.fingerprints.inputsHash,
  result: canonical(rerun) === canonical(d.result),
  result_hash: sha256(canonical(d.result)) === d.fingerprints.resultHash,
};
const ok = Object.values(checks).every(Boolean);
process.stdout.write(`${JSON.stringify({ ok, checks, result: rerun })}\n`);
process.exit(ok ? 0 : 1);
