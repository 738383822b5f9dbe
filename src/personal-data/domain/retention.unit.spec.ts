import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RETENTION_RULES, assertErasable, erasableFrom, retentionOf, retentionRulesFrom } from './retention.js';

const rules = DEFAULT_RETENTION_RULES;

describe('retention of the records a person appears in', () => {
  it('runs from the closure of a case and from the date of a licensing decision, and says on what basis', () => {
    expect(retentionOf({ recordId: 'case-1', kind: 'penalty_case', closedOn: '2026-03-02' }, rules)).toMatchObject({ retainedUntil: '2056-03-02' });
    expect(retentionOf({ recordId: 'case-2', kind: 'case', closedOn: '2026-03-02' }, rules)).toMatchObject({ retainedUntil: '2036-03-02' });
    const licensing = retentionOf({ recordId: 'licensing-1', kind: 'licensing', decisionDate: '2024-02-29' }, rules);
    expect(licensing.retainedUntil).toBe('2054-02-28');
    expect(licensing.basis).toContain('[U]');
    expect(rules.every((rule) => !rule.verified)).toBe(true);
  });

  it('has not started for an open case, and keeps an unknown record without end', () => {
    expect(retentionOf({ recordId: 'case-3', kind: 'penalty_case', closedOn: null }, rules).retainedUntil).toBeNull();
    expect(retentionOf({ recordId: 'x-1', kind: 'unknown' }, rules).retainedUntil).toBeNull();
  });
});

describe('when a person may be erased', () => {
  const closed = retentionOf({ recordId: 'case-1', kind: 'case', closedOn: '2026-03-02' }, rules);
  const later = retentionOf({ recordId: 'case-2', kind: 'penalty_case', closedOn: '2027-01-10' }, rules);
  const open = retentionOf({ recordId: 'case-3', kind: 'case', closedOn: null }, rules);

  it('from the day the last of their records has passed its retention', () => {
    expect(erasableFrom([closed, later])).toBe('2057-01-10');
    expect(assertErasable('party:case-1', [closed, later], '2057-01-10')).toBe('2057-01-10');
  });

  it('never while a record is open, nor before the day, nor without records', () => {
    expect(() => assertErasable('party:case-1', [closed, later], '2057-01-09')).toThrow(expect.objectContaining({ code: 'RETENTION_NOT_PASSED' }));
    expect(() => assertErasable('party:case-1', [closed, open], '2099-01-01')).toThrow(expect.objectContaining({ code: 'RETENTION_NOT_PASSED' }));
    expect(erasableFrom([])).toBeNull();
  });
});

describe('the configured periods', () => {
  it('replace the defaults and refuse what is no whole number of years', () => {
    const configured = retentionRulesFrom({ RETENTION_YEARS_CASE: '5' });
    expect(configured.find((rule) => rule.kind === 'case')).toMatchObject({ years: 5 });
    expect(() => retentionRulesFrom({ RETENTION_YEARS_LICENSING: '2.5' })).toThrow('RETENTION_YEARS_LICENSING');
  });
});
