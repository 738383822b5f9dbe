import type { CaseEvent, Party } from '../../cases/domain/case.js';
import type { Penalty } from '../../cases/domain/penalties.js';
import type { StoredEvent } from '../../eventstore/event.js';
import type { PublicationEvent } from '../../publication/domain/publication.js';
import type { ReviewEvent } from '../../review/domain/review.js';
import { ERASED } from '../../personal-data/domain/placeholders.js';
import { type CalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';

/** The figures of the statistics report, by their public names (a stable contract: never rename one). */
export const FIGURES = [
  'inspections',
  'hazards',
  'hazardsMajor',
  'hazardsRectified',
  'partiesPenalized',
  'warnings',
  'finesFen',
  'confiscations',
  'confiscatedFen',
  'productionSuspensions',
  'licencesSuspendedOrRevoked',
  'detentions',
  'noPenaltyAfterRectification',
  'lighterOrMitigated',
  'legalReviewsSubmitted',
  'legalReviewsApproved',
  'legalReviewsReturned',
  'publicationsOnTime',
  'publicationsLate',
  'publicationsOverdue',
  'reconsiderations',
  'lawsuits',
  'certifiedOfficers',
  'reviewers',
] as const;
export type Figure = (typeof FIGURES)[number];
export type Figures = Record<Figure, number>;

/** The figures that are plain sums of per-event facts; the others are computed at query time. */
export type SummedFigure = Exclude<
  Figure,
  'partiesPenalized' | 'publicationsOverdue' | 'certifiedOfficers' | 'reviewers'
>;

export interface Fact {
  readonly figure: SummedFigure;
  readonly amount: number;
  readonly occurredOn: CalendarDate;
}

/** The event types the statistics read. */
export const STATISTICS_EVENT_TYPES = [
  'CaseOpened',
  'HazardFound',
  'RectificationChecked',
  'DecisionMade',
  'RemedyFiled',
  'ReviewSubmitted',
  'ReviewOpinionGiven',
  'PublicationPrepared',
  'PublicationPublished',
  'PublicationCancelled',
  'FiguresSubmitted',
] as const;

type StatisticsEvent = CaseEvent | ReviewEvent | PublicationEvent;

export const emptyFigures = (): Figures => Object.fromEntries(FIGURES.map((figure) => [figure, 0])) as Figures;

/**
 * A party is the same party across cases and agencies by its unified credit code, or a person's ID number. A person
 * whose ID number was erased (or never given) is a party of that case alone: the subjects of two cases are not
 * linked (docs/adr/0018), so after erasure two persons stay two parties, and one person penalized in two cases counts
 * twice once erased, never the erased persons of all cases as one.
 */
export function partyKeyOf(party: Party, caseId: string): string {
  if (party.kind === 'organization') return `org:${party.creditCode}`;
  return party.idNumber === ERASED || party.idNumber === '' ? `case:${caseId}` : `person:${party.idNumber}`;
}

const PENALTY_FIGURE: Record<Penalty['type'], SummedFigure | null> = {
  warning: 'warnings',
  fine: null,
  confiscation: 'confiscations',
  suspension_order: 'productionSuspensions',
  licence_suspension: 'licencesSuspendedOrRevoked',
  licence_revocation: 'licencesSuspendedOrRevoked',
  detention: 'detentions',
  // A referral to public security is not a detention decided by this agency.
  detention_referral: null,
};

function penaltyFacts(penalties: readonly Penalty[], occurredOn: CalendarDate): Fact[] {
  const facts: Fact[] = [];
  for (const penalty of penalties) {
    const figure = PENALTY_FIGURE[penalty.type];
    if (figure) facts.push({ figure, amount: 1, occurredOn });
    if (penalty.type === 'fine') facts.push({ figure: 'finesFen', amount: penalty.amountFen, occurredOn });
    if (penalty.type === 'confiscation') facts.push({ figure: 'confiscatedFen', amount: penalty.amountFen, occurredOn });
  }
  return facts;
}

/**
 * The facts one event adds to the summed figures, dated by the event's business time in Asia/Shanghai.
 *
 * A decision later revoked (DecisionRevoked) still counts in the period it was made: the report counts decisions
 * made, and a revocation does not unmake one. CaseCorrected carries free text only, so it changes no figure.
 */
export function factsOf(stored: StoredEvent): Fact[] {
  const event = stored as unknown as StatisticsEvent;
  const on = shanghaiDate(stored.metadata.occurredAt);
  const one = (figure: SummedFigure): Fact => ({ figure, amount: 1, occurredOn: on });
  switch (event.type) {
    case 'CaseOpened':
      return [one('inspections')];
    case 'HazardFound':
      return event.data.severity === 'major' ? [one('hazards'), one('hazardsMajor')] : [one('hazards')];
    case 'RectificationChecked':
      return event.data.result === 'rectified' && event.data.hazardIds.length > 0
        ? [{ figure: 'hazardsRectified', amount: event.data.hazardIds.length, occurredOn: on }]
        : [];
    case 'DecisionMade': {
      const { outcome, penalties, discretion, noPenaltyReason } = event.data;
      if (outcome === 'no_penalty') {
        return noPenaltyReason === 'minor_corrected' || noPenaltyReason === 'first_violation'
          ? [one('noPenaltyAfterRectification')]
          : [];
      }
      const facts = penaltyFacts(penalties, on);
      return discretion === 'lighter' || discretion === 'mitigated' ? [...facts, one('lighterOrMitigated')] : facts;
    }
    case 'RemedyFiled':
      // Counted when the party applied or sued, by the date recorded for it.
      return [{ figure: event.data.kind === 'reconsideration' ? 'reconsiderations' : 'lawsuits', amount: 1, occurredOn: event.data.filedOn }];
    case 'ReviewSubmitted':
      return [one('legalReviewsSubmitted')];
    case 'ReviewOpinionGiven':
      return [one(event.data.outcome === 'approved' ? 'legalReviewsApproved' : 'legalReviewsReturned')];
    case 'PublicationPublished':
      // Counted by the legal publication date, which the publisher states.
      return [{ figure: event.data.onTime ? 'publicationsOnTime' : 'publicationsLate', amount: 1, occurredOn: event.data.publishedOn }];
    default:
      return [];
  }
}

/** Whether the event penalizes its case's party: a no-penalty decision does not. */
export function penalizesParty(stored: StoredEvent): boolean {
  const event = stored as unknown as StatisticsEvent;
  return event.type === 'DecisionMade' && event.data.outcome === 'penalty';
}

/** What a publication event changes in the per-publication table that overdue counts are computed from. */
export type PublicationChange =
  | { readonly kind: 'prepared'; readonly dueDate: CalendarDate | null; readonly withheld: boolean }
  | { readonly kind: 'published'; readonly publishedOn: CalendarDate }
  | { readonly kind: 'cancelled'; readonly cancelledOn: CalendarDate };

export function publicationChangeOf(stored: StoredEvent): PublicationChange | null {
  const event = stored as unknown as StatisticsEvent;
  switch (event.type) {
    case 'PublicationPrepared':
      return { kind: 'prepared', dueDate: event.data.dueDate?.date ?? null, withheld: event.data.withheldReason !== null };
    case 'PublicationPublished':
      return { kind: 'published', publishedOn: event.data.publishedOn };
    case 'PublicationCancelled':
      return { kind: 'cancelled', cancelledOn: shanghaiDate(stored.metadata.occurredAt) };
    default:
      return null;
  }
}
