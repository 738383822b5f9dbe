import type { WorkingCalendar } from '../../calendar/domain/calendar.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { type Body, type CaseKind, type Figure, type PlannedRequest, ref } from '../plan-types.js';
import type { Random } from '../random.js';
import type { AgencyProfile, Parties, PlannedParty, Roster } from '../roster.js';
import { Timeline } from '../timeline.js';

export type Fate = 'on_time' | 'late' | 'never';
export type Discretion = 'standard' | 'lighter' | 'mitigated';

/** What is decided for a case before its steps are laid out, so that rare outcomes appear even in a small demo. */
export interface Slot {
  readonly agency: AgencyProfile;
  readonly kind: CaseKind;
  readonly major: boolean;
  readonly fate: Fate;
  readonly discretion: Discretion;
  readonly returned: boolean;
  readonly detention: boolean;
}

/** Where a planned case's figures are counted. */
export interface FigureCounter {
  add(figure: Figure, amount: number): void;
  party(key: string): void;
}

export const yuan = (amount: number): number => amount * 100;

/**
 * One case's requests as they are laid out on its timeline, with what the stages share: its officers, its party,
 * the figures it adds to the statistics. The stages of the case (in the files beside this one) write into it.
 */
export class CaseDraft {
  readonly requests: PlannedRequest[] = [];
  readonly decisions: { series: keyof AgencyProfile['series']; at: string; body: { decisionNumber: string } }[] = [];
  lastDate: CalendarDate;
  readonly t: Timeline;
  readonly staff: { heads: string[]; investigators: string[]; reviewers: string[] };
  private readonly facts: (readonly [Figure, number])[] = [];
  penalizedParty: string | null = null;
  officers: string[] = [];
  party!: PlannedParty;
  hazards = 0;
  /** The due date of the rectification order last given, until it is checked. */
  dueDate: CalendarDate | null = null;

  constructor(
    readonly ref: string,
    readonly slot: Slot,
    readonly calendar: WorkingCalendar,
    readonly random: Random,
    opensOn: CalendarDate,
    roster: Roster,
    readonly parties: Parties,
    readonly keyPrefix: string,
  ) {
    this.t = new Timeline(calendar, random, opensOn);
    this.lastDate = opensOn;
    const staff = roster.byAgency[slot.agency.agencyId];
    if (!staff) throw new Error(`no staff for ${slot.agency.agencyId}`);
    this.staff = staff;
  }

  count(tally: FigureCounter): void {
    for (const [figure, amount] of this.facts) tally.add(figure, amount);
    if (this.penalizedParty) tally.party(this.penalizedParty);
  }

  get lead(): string {
    return this.officers[0] as string;
  }

  get head(): string {
    return this.staff.heads[this.ref.charCodeAt(this.ref.length - 1) % this.staff.heads.length] as string;
  }

  get decidedOn(): CalendarDate | null {
    const at = this.decisions.at(-1)?.at;
    return at ? at.slice(0, 10) : null;
  }

  officer(key: string): Body {
    return ref(`officer.${key}`);
  }

  fact(figure: Figure, amount: number): void {
    this.facts.push([figure, amount]);
  }

  /** A step of the case (`''` opens it) at the timeline's current instant. */
  post(actor: string, step: string, fields: Record<string, Body>, at: Timeline, captures?: Record<string, string>): void {
    const path = step === '' ? '/api/cases' : `/api/cases/{${this.ref}.case}/${step}`;
    this.push(actor, path, { occurredAt: at.at(), ...fields }, at.at(), captures);
  }

  postTo(actor: string, path: string, fields: Record<string, Body>, at: Timeline): void {
    this.push(actor, path, { occurredAt: at.at(), ...fields }, at.at());
  }

  push(actor: string, path: string, body: Record<string, Body>, at: string, captures?: Record<string, string>): void {
    this.requests.push({
      method: 'POST',
      path,
      actor,
      body,
      idempotencyKey: `${this.keyPrefix}-${this.ref}-${this.requests.length}`,
      ...(captures ? { captures } : {}),
    });
    const date = at.slice(0, 10);
    if (date > this.lastDate) this.lastDate = date;
  }
}
