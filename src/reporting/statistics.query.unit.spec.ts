import { describe, expect, it } from '@jest/globals';
import { splitByMonth } from './statistics.query.js';

describe('splitByMonth', () => {
  it('reads a year of whole months from the monthly sums only', () => {
    expect(splitByMonth('2025-01-01', '2025-12-31')).toEqual({
      months: { first: '2025-01-01', last: '2025-12-01', lastDay: '2025-12-31' },
      edges: [[null, null], [null, null]],
    });
  });

  it('sums the partial months at either end from the facts', () => {
    expect(splitByMonth('2024-02-10', '2024-06-05')).toEqual({
      months: { first: '2024-03-01', last: '2024-05-01', lastDay: '2024-05-31' },
      edges: [['2024-02-10', '2024-02-29'], ['2024-06-01', '2024-06-05']],
    });
  });

  it('has no whole month in a period within one month or across two partial ones', () => {
    expect(splitByMonth('2025-03-05', '2025-03-20').months.first).toBeNull();
    expect(splitByMonth('2025-03-05', '2025-03-20').edges).toEqual([['2025-03-05', '2025-03-20'], [null, null]]);
    expect(splitByMonth('2025-04-15', '2025-05-20')).toEqual({
      months: { first: null, last: null, lastDay: null },
      edges: [['2025-04-15', '2025-05-20'], [null, null]],
    });
  });

  it('handles a single whole month and a single day', () => {
    expect(splitByMonth('2025-02-01', '2025-02-28').months).toEqual({ first: '2025-02-01', last: '2025-02-01', lastDay: '2025-02-28' });
    expect(splitByMonth('2025-02-28', '2025-02-28').edges[0]).toEqual(['2025-02-28', '2025-02-28']);
  });
});
