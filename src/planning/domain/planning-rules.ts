import type { CalendarDate } from '../../shared/domain/calendar-date.js';

/**
 * Local settings of "double random, one public", as versioned data: a draw records the version it applied, so a
 * later change never rewrites an old draw. The cap counts random draws and key inspections alike, per entity and
 * calendar year (the Longyan 2025 plan caps each unit at 2 a year; domain.md §5). [U]: a local choice.
 */
export interface PlanningRuleSet {
  readonly version: string;
  readonly effectiveFrom: CalendarDate;
  readonly maxSelectionsPerEntityPerYear: number;
}

export const PLANNING_RULE_SETS: readonly PlanningRuleSet[] = [
  { version: 'planning-2015-08', effectiveFrom: '2015-08-05', maxSelectionsPerEntityPerYear: 2 },
];

export function planningRulesOn(date: CalendarDate): PlanningRuleSet {
  const applicable = PLANNING_RULE_SETS.filter((r) => r.effectiveFrom <= date).at(-1);
  const first = PLANNING_RULE_SETS[0];
  if (!first) throw new Error('no planning rule set');
  return applicable ?? first;
}
