import { DRUNK_DRIVING, EMB_VIOLATIONS, EVIDENCE, TRAFFIC_VIOLATIONS } from '../content.js';
import type { Timeline } from '../timeline.js';
import type { CaseDraft } from './case-draft.js';

/** Filing (立案) with the head's approval and the investigation's evidence (调查取证). */

export interface Violation {
  readonly description: string;
  readonly legalBasis: string;
  readonly penaltyBasis: string;
  readonly fineRange: readonly [number, number];
}

export function pickViolation(c: CaseDraft, traffic: boolean, person: boolean): Violation {
  if (traffic) {
    const text = c.slot.detention ? DRUNK_DRIVING : c.random.pick(TRAFFIC_VIOLATIONS.filter((v) => v.party === (person ? 'person' : 'organization')));
    return { description: text.description, legalBasis: text.legalBasis, penaltyBasis: text.legalBasis, fineRange: person ? [500, 2000] : [2000, 20_000] };
  }
  const list = c.slot.major ? EMB_VIOLATIONS.slice(-1) : EMB_VIOLATIONS.slice(0, -1);
  const text = c.random.pick(list);
  return person ? { ...text, fineRange: [2000, 20_000] } : text;
}

export function fileCase(c: CaseDraft, violation: { description: string; legalBasis: string }, at: Timeline, complex = false): void {
  c.post(c.lead, 'filing', {
    procedure: 'general',
    violations: [{ description: violation.description, legalBasis: violation.legalBasis }],
    approvedBy: c.officer(c.head),
    ...(complex ? { complex: true } : {}),
  }, at);
}

export function gatherEvidence(c: CaseDraft, n: number): void {
  const agency = c.slot.agency.agencyId;
  for (const [i, item] of c.random.sample(EVIDENCE, n).entries()) {
    c.t.workingDays(0, 1);
    const day = c.t.date.replaceAll('-', '/');
    c.post(c.lead, 'evidence', {
      kind: item.kind,
      sha256: c.random.hex(64),
      sizeBytes: item.kind === 'video' ? c.random.int(50, 900) * 1_048_576 : c.random.int(80, 4000) * 1024,
      uri: `evidence://${agency}/${day}/${c.ref}-${i + 1}.${item.extension}`,
      capturedBy: c.officer(c.lead),
      description: item.description,
    }, c.t);
  }
}
