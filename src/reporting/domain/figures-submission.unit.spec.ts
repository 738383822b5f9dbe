import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../../eventstore/testing/decider-spec.js';
import { type FiguresSubmissionEvent, type SubmitFigures, latestPerPeriod, submissionDecider } from './figures-submission.js';

const spec = deciderSpec(submissionDecider);
const agencyId = 'dazu-traffic';
const submit = (from: string, to: string, figures: SubmitFigures['figures']): SubmitFigures => ({
  type: 'SubmitFigures',
  agencyId,
  from,
  to,
  figures,
});
const submitted = (from: string, to: string, figures: SubmitFigures['figures'], replacesEarlier = false): FiguresSubmissionEvent => ({
  type: 'FiguresSubmitted',
  data: { agencyId, from, to, figures, replacesEarlier },
});

describe('submitting figures for a period', () => {
  it('records the figures in a fixed order, keeping zeros', () => {
    spec
      .given([])
      .when(submit('2021-01-01', '2021-10-31', { finesFen: 1_988_240_600, warnings: 0, detentions: 35 }))
      .then([submitted('2021-01-01', '2021-10-31', { warnings: 0, finesFen: 1_988_240_600, detentions: 35 })]);
  });

  it('refuses a submission without any figure', () => {
    spec.given([]).when(submit('2021-01-01', '2021-10-31', {})).thenThrows('SUBMISSION_EMPTY');
  });

  it('replaces the figures of the same period on resubmission', () => {
    spec
      .given([submitted('2021-01-01', '2021-10-31', { warnings: 10 })])
      .when(submit('2021-01-01', '2021-10-31', { warnings: 12 }))
      .then([submitted('2021-01-01', '2021-10-31', { warnings: 12 }, true)]);
  });

  it('records nothing when the same figures are submitted again', () => {
    spec
      .given([submitted('2021-01-01', '2021-10-31', { warnings: 10, finesFen: 5 })])
      .when(submit('2021-01-01', '2021-10-31', { finesFen: 5, warnings: 10 }))
      .then([]);
  });

  it('refuses a period overlapping another one, on either side and by a single day', () => {
    const given = spec.given([submitted('2021-03-01', '2021-03-31', { warnings: 1 })]);
    given.when(submit('2021-03-31', '2021-04-30', { warnings: 1 })).thenThrows('SUBMISSION_PERIOD_OVERLAPS');
    given.when(submit('2021-02-01', '2021-03-01', { warnings: 1 })).thenThrows('SUBMISSION_PERIOD_OVERLAPS');
    given.when(submit('2021-01-01', '2021-12-31', { warnings: 1 })).thenThrows('SUBMISSION_PERIOD_OVERLAPS');
  });

  it('accepts adjacent periods', () => {
    spec
      .given([submitted('2021-03-01', '2021-03-31', { warnings: 1 })])
      .when(submit('2021-04-01', '2021-04-30', { warnings: 2 }))
      .then([submitted('2021-04-01', '2021-04-30', { warnings: 2 })]);
  });
});

describe('the latest submission per agency and period', () => {
  const recorded = (agency: string, from: string, to: string, warnings: number) => ({
    agencyId: agency,
    from,
    to,
    figures: { warnings },
  });

  it('keeps the last one recorded for each agency and period, ordered by period, then agency', () => {
    const submissions = [
      recorded('dazu-traffic', '2021-04-01', '2021-04-30', 1),
      recorded('dazu-traffic', '2021-01-01', '2021-03-31', 2),
      recorded('dazu-fire', '2021-01-01', '2021-03-31', 3),
      recorded('dazu-traffic', '2021-04-01', '2021-04-30', 4),
      recorded('dazu-traffic', '2021-04-01', '2021-04-30', 5),
    ];
    expect(latestPerPeriod(submissions)).toEqual([
      recorded('dazu-fire', '2021-01-01', '2021-03-31', 3),
      recorded('dazu-traffic', '2021-01-01', '2021-03-31', 2),
      recorded('dazu-traffic', '2021-04-01', '2021-04-30', 5),
    ]);
  });

  it('takes the same period of another agency, or another period of the same agency, as no replacement', () => {
    const submissions = [recorded('dazu-traffic', '2021-01-01', '2021-03-31', 1), recorded('dazu-traffic', '2021-01-01', '2021-03-30', 2)];
    expect(latestPerPeriod(submissions)).toHaveLength(2);
    expect(latestPerPeriod([])).toEqual([]);
  });
});
