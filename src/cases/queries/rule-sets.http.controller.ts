import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../shared/http/auth.decorators.js';
import { Clock } from '../../shared/clock.js';
import { type CalendarDate, isCalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import { RequestValidationError } from '../../shared/http/problem.js';
import { EARLIEST_DATE_SERVED, type PenaltyRuleSet, RULE_SETS, isVerified, ruleSetOn } from '../domain/rule-sets.js';

interface RuleSetList {
  readonly earliestDateServed: CalendarDate;
  /** The version in force on `date` (default today). */
  readonly inForce: string;
  readonly items: readonly (PenaltyRuleSet & { readonly verified: boolean })[];
}

@ApiTags('cases')
@Controller('rule-sets')
export class RuleSetsController {
  constructor(private readonly clock: Clock) {}

  /**
   * Every rule set casetrail applies, oldest first, each figure with the provision it comes from; `verified: false`
   * on a source marks a figure an administrator must still check against the text. Public reference data.
   */
  @Get()
  @Public()
  list(@Query('date') date?: string): RuleSetList {
    const on = date ?? shanghaiDate(this.clock.now());
    if (!isCalendarDate(on)) throw new RequestValidationError([{ field: 'date', messages: ['date must be a date as YYYY-MM-DD'] }]);
    return {
      earliestDateServed: EARLIEST_DATE_SERVED,
      inForce: ruleSetOn(on).version,
      items: RULE_SETS.map((rules) => ({ ...rules, verified: isVerified(rules) })),
    };
  }
}
