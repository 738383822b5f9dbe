import { RETURN_NOTES } from '../content.js';
import type { Body } from '../plan-types.js';
import type { CaseDraft } from './case-draft.js';
import { gatherEvidence } from './filing.js';

/** Legal review (法制审核) of the proposed decision: some are returned for more evidence first, then approved. */

const ALL_CLEAR = Object.fromEntries(
  ['subject', 'authority', 'procedure', 'facts', 'evidence', 'lawApplication', 'discretion', 'documents', 'crimeTransfer'].map((point) => [
    point,
    { ok: true },
  ]),
) as Record<string, Body>;

export function legalReview(c: CaseDraft, proposal: Record<string, Body>): void {
  const reviewer = c.random.pick(c.staff.reviewers);
  const reviewPath = `/api/reviews/{${c.ref}.review}/opinion`;
  c.post(c.lead, 'legal-review', { proposedDecision: proposal }, c.t.workingDays(0, 1), { [`${c.ref}.review`]: 'reviewId' });
  c.fact('legalReviewsSubmitted', 1);
  if (c.slot.returned) {
    const problem = c.random.pick(RETURN_NOTES);
    c.postTo(reviewer, reviewPath, {
      outcome: 'returned',
      findings: { ...ALL_CLEAR, [problem.point]: { ok: false, note: problem.note } },
      opinion: `退回补充：${problem.note}`,
    }, c.t.workingDays(1, 3));
    c.fact('legalReviewsReturned', 1);
    gatherEvidence(c, 1);
    c.post(c.lead, 'legal-review', { proposedDecision: proposal }, c.t.workingDays(0, 1));
    c.fact('legalReviewsSubmitted', 1);
  }
  c.postTo(reviewer, reviewPath, { outcome: 'approved', findings: ALL_CLEAR, opinion: '经审核，主体适格，事实清楚，证据确凿，程序合法，适用依据正确，裁量适当，同意' }, c.t.workingDays(1, 3));
  c.fact('legalReviewsApproved', 1);
}
