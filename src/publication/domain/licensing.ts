import type { Party } from '../../cases/domain/case.js';
import type { Decider, DomainEvent } from '../../eventstore/command-handling.js';
import { type CalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import { DomainError } from '../../shared/domain/errors.js';

/** A licensing decision (行政许可决定): published within 7 working days like a penalty decision. */
export type LicensingOutcome = 'granted' | 'refused' | 'changed' | 'renewed' | 'revoked';
export const LICENSING_OUTCOMES: readonly LicensingOutcome[] = ['granted', 'refused', 'changed', 'renewed', 'revoked'];
export const LICENSING_OUTCOME_TEXT: Record<LicensingOutcome, string> = {
  granted: '准予行政许可',
  refused: '不予行政许可',
  changed: '准予变更',
  renewed: '准予延续',
  revoked: '撤销行政许可',
};

export type LicensingEvent = DomainEvent<
  'LicensingDecisionMade',
  {
    occurredAt: string;
    licensingId: string;
    agencyId: string;
    party: Party;
    licence: string;
    outcome: LicensingOutcome;
    decisionNumber: string;
    decisionDate: CalendarDate;
    decidedBy: string;
  }
>;

export type Licensing =
  | { readonly status: 'none' }
  | ({ readonly status: 'decided' } & LicensingEvent['data']);

export type LicensingCommand = {
  readonly type: 'RecordLicensingDecision';
  readonly now: string;
} & Omit<LicensingEvent['data'], 'decisionDate'>;

export const licensingStreamId = (licensingId: string): string => `licensing-${licensingId}`;

const CLOCK_SKEW_MS = 5 * 60_000;

export const licensingDecider: Decider<LicensingCommand, LicensingEvent, Licensing> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) => (event.type === 'LicensingDecisionMade' ? { status: 'decided', ...event.data } : state),
  decide: (command, state) => {
    if (state.status !== 'none') throw new DomainError('LICENSING_DECISION_EXISTS', 'This licensing decision is already recorded');
    if (Date.parse(command.occurredAt) > Date.parse(command.now) + CLOCK_SKEW_MS) {
      throw new DomainError('OCCURRED_IN_FUTURE', `occurredAt ${command.occurredAt} is in the future`, 'invalid');
    }
    const { type: _type, now: _now, ...data } = command;
    return [{ type: 'LicensingDecisionMade', data: { ...data, decisionDate: shanghaiDate(command.occurredAt) } }];
  },
};
