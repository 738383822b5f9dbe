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

export interface FiguresSubmissions {
  /** The figures in force per period, keyed `from/to`. */
  readonly periods: ReadonlyMap<string, SubmittedFigures>;
}

export type SubmitFigures = { readonly type: 'SubmitFigures'; readonly agencyId: string } & SubmittedPeriod & {
    readonly figures: SubmittedFigures;
  };

export const figuresSubmissionsStreamId = (agencyId: string): string => `figures-${agencyId}`;

const periodKey = ({ from, to }: SubmittedPeriod): string => `${from}/${to}`;

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

export const initialSubmissions = (): FiguresSubmissions => ({ periods: new Map() });

export function evolveSubmissions(state: FiguresSubmissions, event: FiguresSubmissionEvent): FiguresSubmissions {
  switch (event.type) {
    case 'FiguresSubmitted': {
      const periods = new Map(state.periods);
      periods.set(periodKey(event.data), event.data.figures);
      return { periods };
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
  const key = periodKey(command);
  for (const [earlier] of state.periods) {
    const [from, to] = earlier.split('/') as [string, string];
    if (earlier !== key && from <= command.to && command.from <= to) throw ReportingErrors.periodOverlaps(command, earlier);
  }
  const current = state.periods.get(key);
  if (current !== undefined && sameFigures(current, figures)) return [];
  const { agencyId, from, to } = command;
  return [{ type: 'FiguresSubmitted', data: { agencyId, from, to, figures, replacesEarlier: current !== undefined } }];
}

export const submissionDecider: Decider<SubmitFigures, FiguresSubmissionEvent, FiguresSubmissions> = {
  decide: decideSubmission,
  evolve: evolveSubmissions,
  initialState: initialSubmissions,
};
