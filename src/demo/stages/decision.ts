import type { Penalty } from '../../cases/domain/penalties.js';
import type { Body, PlannedRequest } from '../plan-types.js';
import type { AgencyProfile } from '../roster.js';
import { type CaseDraft, type Discretion, yuan } from './case-draft.js';
import type { Heard } from './notice-hearing.js';

/** The decision (决定): what the head settles on after hearing the party, collective discussion, the decision itself. */

export interface Settled {
  readonly penalties: Penalty[];
  readonly discretion: Discretion;
  readonly reason: string | null;
}

/** After hearing the party, the head may settle for less than the notice said, never for more. */
export function settle(c: CaseDraft, { noticed, discretion, reason, stated }: Heard): Settled {
  let decided = noticed;
  let decidedDiscretion: Discretion = discretion;
  let decidedReason: string | null = reason;
  if (stated && !c.slot.detention && c.random.chance(0.3)) {
    const share = c.random.int(70, 90);
    decided = noticed.map((p): Penalty =>
      p.type === 'fine' ? { type: 'fine', amountFen: Math.max(yuan(100), Math.round((p.amountFen * share) / 100 / 10000) * 10000) } : p,
    );
    if (decidedDiscretion === 'standard') {
      decidedDiscretion = 'lighter';
      decidedReason = '采纳当事人陈述申辩意见，依法从轻处罚';
    }
  }
  return { penalties: decided, discretion: decidedDiscretion, reason: decidedReason };
}

/** The heads and one investigator discuss the case together, as a hearing or a complex case requires. */
export function discussCollectively(c: CaseDraft): void {
  const participants = [...c.staff.heads, ...c.random.sample(c.officers, 1)];
  c.post(c.head, 'collective-discussions', {
    participantIds: participants.map((key) => c.officer(key)),
    conclusion: '经集体讨论，同意按拟处罚意见作出行政处罚决定',
  }, c.t.workingDays(0, 2));
}

export function extendDecisionPeriod(c: CaseDraft): void {
  // Approved before the period ran out: right after the notice, at the notice's instant.
  const index = c.requests.findIndex((r) => r.path.endsWith('/penalty-notice'));
  const before = c.requests[index] as PlannedRequest;
  c.requests.splice(index + 1, 0, {
    method: 'POST',
    path: `/api/cases/{${c.ref}.case}/decision-extensions`,
    actor: c.head,
    body: { occurredAt: (before.body as { occurredAt: string }).occurredAt, days: 30, reason: '案情复杂，经负责人批准延长办案期限' },
    idempotencyKey: `${c.keyPrefix}-${c.ref}-x`,
  });
}

/** The decision, numbered later in the order of all decisions of its series and year. */
export function decide(c: CaseDraft, actor: string, series: keyof AgencyProfile['series'], fields: Record<string, Body>, at: string): void {
  const body = { occurredAt: at, decisionNumber: '', ...fields } as { decisionNumber: string } & Record<string, Body>;
  c.push(actor, `/api/cases/{${c.ref}.case}/decision`, body, at);
  c.decisions.push({ series, at, body });
}

/** Counts the penalties imposed on the party for the statistics. */
export function penalize(c: CaseDraft, penalties: readonly Penalty[], discretion: Discretion): void {
  c.penalizedParty = c.party.kind === 'organization' ? `org:${c.party.creditCode}` : `person:${c.party.idNumber}`;
  for (const penalty of penalties) {
    switch (penalty.type) {
      case 'warning':
        c.fact('warnings', 1);
        break;
      case 'fine':
        c.fact('finesFen', penalty.amountFen);
        break;
      case 'confiscation':
        c.fact('confiscations', 1);
        c.fact('confiscatedFen', penalty.amountFen);
        break;
      case 'suspension_order':
        c.fact('productionSuspensions', 1);
        break;
      case 'licence_suspension':
      case 'licence_revocation':
        c.fact('licencesSuspendedOrRevoked', 1);
        break;
      case 'detention':
        c.fact('detentions', 1);
        break;
      case 'detention_referral':
        break;
    }
  }
  if (discretion !== 'standard') c.fact('lighterOrMitigated', 1);
}
