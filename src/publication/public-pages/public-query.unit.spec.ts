import { describe, expect, it } from '@jest/globals';
import { BadPublicQuery, parseDecisionSearch, parseMonth, parsePage, searchQuery } from './public-query.js';

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof BadPublicQuery) return error.problems.map((p) => `${p.field}: ${p.label}：${p.message}`);
    throw error;
  }
  throw new Error('expected BadPublicQuery');
};

describe('the search of the public decisions', () => {
  it('takes the empty fields of a submitted form as not given', () => {
    expect(parseDecisionSearch({ kind: '', party: '  ', from: '', to: '', page: '' })).toEqual({
      kind: null,
      party: null,
      from: null,
      to: null,
      page: 1,
    });
  });

  it('reads every field, and ignores parameters it does not know', () => {
    expect(parseDecisionSearch({ kind: 'penalty', party: ' 机械 ', from: '2026-03-01', to: '2026-03-31', page: '3', utm_source: 'x' })).toEqual({
      kind: 'penalty',
      party: '机械',
      from: '2026-03-01',
      to: '2026-03-31',
      page: 3,
    });
  });

  it('names every bad field in Chinese', () => {
    expect(
      problemsOf(() => parseDecisionSearch({ kind: 'fine', from: '2026-02-30', to: '2026/03/01', page: '0', party: '某'.repeat(101) })),
    ).toEqual([
      'kind: 决定类别：须为行政处罚或行政许可',
      'party: 当事人：不超过 100 个字',
      'from: 决定日期（起）：须为有效日期，格式 YYYY-MM-DD',
      'to: 决定日期（止）：须为有效日期，格式 YYYY-MM-DD',
      'page: 页码：须为 1 至 100000 之间的整数',
    ]);
  });

  it('refuses a range that ends before it starts, a parameter given twice and a page past the limit', () => {
    expect(problemsOf(() => parseDecisionSearch({ from: '2026-03-02', to: '2026-03-01' }))).toEqual(['to: 决定日期（止）：不能早于决定日期（起）']);
    expect(problemsOf(() => parseDecisionSearch({ party: ['a', 'b'] }))).toEqual(['party: 当事人：只能填写一次']);
    expect(problemsOf(() => parsePage({ page: '100001' }))).toEqual(['page: 页码：须为 1 至 100000 之间的整数']);
    expect(problemsOf(() => parsePage({ page: '1e3' }))).toHaveLength(1);
  });

  it('reads a month as YYYY-MM', () => {
    expect(parseMonth('2026-03')).toBe('2026-03');
    expect(problemsOf(() => parseMonth('2026-13'))).toEqual(['month: 月份：须为 YYYY-MM 格式的月份']);
  });

  it('writes the query of a page link without empty fields', () => {
    const search = { kind: null, party: '李 某&', from: '2026-03-01', to: null, page: 1 };
    expect(searchQuery(search)).toBe('?party=%E6%9D%8E+%E6%9F%90%26&from=2026-03-01');
    expect(searchQuery(search, 2)).toBe('?party=%E6%9D%8E+%E6%9F%90%26&from=2026-03-01&page=2');
    expect(searchQuery({ ...search, party: null, from: null })).toBe('');
  });
});
