import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { monthsThrough, periodName, wanYuan } from './annual-report.js';

describe('wanYuan', () => {
  it('writes fen as 万元 with four decimals, to the yuan, half up', () => {
    expect(wanYuan(2_415_167_500)).toBe('2415.1675');
    expect(wanYuan(0)).toBe('0.0000');
    expect(wanYuan(49)).toBe('0.0000');
    expect(wanYuan(50)).toBe('0.0001');
    expect(wanYuan(1_000_000)).toBe('1.0000');
    expect(wanYuan(99_999_950)).toBe('100.0000');
  });

  it('agrees with decimal arithmetic for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e14 }), (fen) => {
        const yuan = Math.floor((fen + 50) / 100);
        expect(Number(wanYuan(fen)) * 10_000).toBeCloseTo(yuan, 0);
      }),
    );
  });
});

describe('periodName', () => {
  it('names the period as the bureau does', () => {
    expect(periodName(2021, '2021-10-31')).toBe('2021年1月至10月');
    expect(periodName(2021, '2021-12-31')).toBe('2021年');
    expect(periodName(2021, '2021-01-31')).toBe('2021年1月');
    expect(periodName(2024, '2024-02-29')).toBe('2024年1月至2月');
    expect(periodName(2021, '2021-10-15')).toBe('2021年1月1日至10月15日');
  });
});

describe('monthsThrough', () => {
  it('cuts the last month at the day given', () => {
    expect(monthsThrough(2021, '2021-03-15')).toEqual([
      { month: '2021-01', from: '2021-01-01', to: '2021-01-31' },
      { month: '2021-02', from: '2021-02-01', to: '2021-02-28' },
      { month: '2021-03', from: '2021-03-01', to: '2021-03-15' },
    ]);
  });
});
