import { Timeline } from '../timeline.js';
import type { CaseDraft } from './case-draft.js';

/** Closure of the case (结案) by the head, and the publication of its decision (公示) on a stream of its own. */

export function closeCase(c: CaseDraft, min: number, max: number): void {
  c.post(c.head, 'closure', {}, c.t.workingDays(min, max));
}

/** Publication within 7 working days of the decision, prepared by the server; some late, some never. */
export function publish(c: CaseDraft, decidedAt: string): void {
  const decidedOn = decidedAt.slice(0, 10);
  const due = c.calendar.addWorkingDays(decidedOn, 7).deadline;
  if (c.slot.fate === 'never') {
    c.lastDate = due > c.lastDate ? due : c.lastDate;
    c.fact('publicationsOverdue', 1);
    return;
  }
  const day = c.calendar.addWorkingDays(decidedOn, c.slot.fate === 'on_time' ? c.random.int(1, 7) : c.random.int(9, 20)).deadline;
  const at = new Timeline(c.calendar, c.random, day);
  c.requests.push({
    method: 'POST',
    path: `/api/publications/{${c.ref}.case}/publish`,
    actor: c.random.chance(0.8) ? c.lead : c.head,
    body: { occurredAt: at.at() },
    idempotencyKey: `${c.keyPrefix}-${c.ref}-p`,
    awaitsReactor: true,
  });
  if (day > c.lastDate) c.lastDate = day;
  c.fact(c.slot.fate === 'on_time' ? 'publicationsOnTime' : 'publicationsLate', 1);
}
