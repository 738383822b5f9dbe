import type { Decider, DomainEvent } from '../../eventstore/command-handling.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { DomainError } from '../../shared/domain/errors.js';
import { FIGURES, type Figure } from './statistics-facts.js';

/**
 * Figures an agency reports for a period instead of logging its cases here (e.g. the traffic police brigade). A figure
 * left out is "not reported", which the annual report states as an exclusion; it is not a zero.
 */
export type SubmittedFigures = Partial<Record<Figure, number>>;

export interface SubmittedPeriod {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

export type FiguresSubmissionEvent = DomainEvent<
  'FiguresSubmitted',
  { agencyId: string; from: CalendarDate; to: CalendarDate; figures: SubmittedFigures; replacesEarlier: boolean }
>;

/** What an agency reported for one period. */
export interface Submission extends SubmittedPeriod {
  readonly agencyId: string;
  readonly figures: SubmittedFigures;
}

/** The submissions in force, one per agency and period, keyed by `submissionKey`. */
export type SubmissionsInForce<S extends Submission = Submission> = ReadonlyMap<string, S>;

export interface FiguresSubmissions {
  /** The agency's figures in force per period. */
  readonly inForce: SubmissionsInForce;
}

export type SubmitFigures = { readonly type: 'SubmitFigures'; readonly agencyId: string } & SubmittedPeriod & {
    readonly figures: SubmittedFigures;
  };

export const figuresSubmissionsStreamId = (agencyId: string): string => `figures-${agencyId}`;

const periodKey = ({ from, to }: SubmittedPeriod): string => `${from}/${to}`;
const submissionKey = (submission: Submission): string => `${submission.agencyId}/${periodKey(submission)}`;

/**
 * The submissions in force once `submission` is recorded: it replaces the one recorded before it for the same agency
 * and period, if any (the log keeps both).
 */
export function supersede<S extends Submission>(inForce: SubmissionsInForce<S>, submission: S): SubmissionsInForce<S> {
  return new Map(inForce).set(submissionKey(submission), submission);
}

/**
 * The latest submission per agency and period among `recorded`, given in the order they were recorded: the figures in
 * force as known once the last of them was. Ordered by period, then agency.
 */
export function latestPerPeriod<S extends Submission>(recorded: Iterable<S>): S[] {
  let inForce: SubmissionsInForce<S> = new Map();
  for (const submission of recorded) inForce = supersede(inForce, submission);
  return [...inForce.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.agencyId.localeCompare(b.agencyId));
}

export const ReportingErrors = {
  periodOverlaps: (period: SubmittedPeriod, earlier: string): DomainError =>
    new DomainError(
      'SUBMISSION_PERIOD_OVERLAPS',
      `Figures for ${period.from}..${period.to} overlap those already submitted for ${earlier.replace('/', '..')}; ` +
        'resubmit that exact period to replace it',
      'conflict',
      { from: period.from, to: period.to, overlapping: earlier },
    ),
  nothingSubmitted: (): DomainError =>
    new DomainError('SUBMISSION_EMPTY', 'A submission must report at least one figure', 'invalid'),
} as const;

/** The figures in a fixed order with zeros kept: two submissions with the same figures compare equal. */
function normalized(figures: SubmittedFigures): SubmittedFigures {
  return Object.fromEntries(FIGURES.filter((figure) => figures[figure] !== undefined).map((f) => [f, figures[f]]));
}

const sameFigures = (a: SubmittedFigures, b: SubmittedFigures): boolean =>
  JSON.stringify(normalized(a)) === JSON.stringify(normalized(b));

export const initialSubmissions = (): FiguresSubmissions => ({ inForce: new Map() });

export function evolveSubmissions(state: FiguresSubmissions, event: FiguresSubmissionEvent): FiguresSubmissions {
  switch (event.type) {
    case 'FiguresSubmitted': {
      const { agencyId, from, to, figures } = event.data;
      return { inForce: supersede(state.inForce, { agencyId, from, to, figures }) };
    }
    default: {
      void (event.type satisfies never);
      return state;
    }
  }
}

/**
 * A resubmission of the same period replaces the earlier figures; a period that overlaps another one is refused,
 * since the same months would then be counted twice in any report that spans both.
 */
export function decideSubmission(command: SubmitFigures, state: FiguresSubmissions): FiguresSubmissionEvent[] {
  const figures = normalized(command.figures);
  if (Object.keys(figures).length === 0) throw ReportingErrors.nothingSubmitted();
  const key = submissionKey(command);
  for (const [earlierKey, earlier] of state.inForce) {
    if (earlierKey !== key && earlier.from <= command.to && command.from <= earlier.to) {
      throw ReportingErrors.periodOverlaps(command, periodKey(earlier));
    }
  }
  const current = state.inForce.get(key)?.figures;
  if (current !== undefined && sameFigures(current, figures)) return [];
  const { agencyId, from, to } = command;
  return [{ type: 'FiguresSubmitted', data: { agencyId, from, to, figures, replacesEarlier: current !== undefined } }];
}

export const submissionDecider: Decider<SubmitFigures, FiguresSubmissionEvent, FiguresSubmissions> = {
  decide: decideSubmission,
  evolve: evolveSubmissions,
  initialState: initialSubmissions,
};
