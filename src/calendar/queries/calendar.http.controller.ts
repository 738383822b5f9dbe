import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { type Reply, withVersion } from '../../shared/http/reply.js';
import { CalendarYearPipe } from '../calendar-year.pipe.js';
import { CalendarService } from '../calendar.service.js';
import { officialCalendar } from '../domain/official-notices.js';
import { DeadlineQueryDto, periodOf } from './deadline.query.dto.js';

export interface DeadlineView {
  readonly from: CalendarDate;
  readonly workingDays?: number;
  readonly calendarDays?: number;
  readonly deadline: CalendarDate;
  /** A day the result depends on awaits a notice not yet recorded: it is computed on Monday to Friday for now. */
  readonly provisional: boolean;
  readonly calendarVersion: string;
}

export interface CalendarYearView {
  readonly year: number;
  /** recorded by an administrator, seeded from chinese-days, or no notice at all. */
  readonly source: 'recorded' | 'official' | 'none';
  readonly noticeNumber: string | null;
  readonly publishedOn: CalendarDate | null;
  readonly holidays: readonly CalendarDate[];
  readonly workdays: readonly CalendarDate[];
  readonly workingDays: number;
  /** The year has no notice: its days are taken to be Monday to Friday until one is recorded. */
  readonly provisional: boolean;
  /** The version of the year's recorded notice (0 when none is), for If-Match on the PUT. */
  readonly version: number;
  readonly calendarVersion: string;
}

/** Deadline arithmetic and the notices, on the calendar every deadline is computed on; for any authenticated user. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  @Get('deadline')
  deadline(@Query() query: DeadlineQueryDto): DeadlineView {
    const { unit, days } = periodOf(query);
    const calendar = this.calendars.current();
    const { deadline, provisional } =
      unit === 'workingDays' ? calendar.addWorkingDays(query.from, days) : calendar.addCalendarDays(query.from, days);
    return { from: query.from, [unit]: days, deadline, provisional, calendarVersion: calendar.version };
  }

  @Get('years/:year')
  year(@Param('year', CalendarYearPipe) year: number): Reply<CalendarYearView> {
    const calendar = this.calendars.current();
    const recorded = this.calendars.recordedNotice(year);
    const notice = calendar.notice(year);
    const source = recorded ? 'recorded' : officialCalendar().hasYear(year) ? 'official' : 'none';
    const version = recorded?.version ?? 0;
    return withVersion({
      year,
      source,
      noticeNumber: notice?.noticeNumber ?? null,
      publishedOn: recorded?.notice.publishedOn ?? null,
      holidays: notice?.holidays ?? [],
      workdays: notice?.workdays ?? [],
      workingDays: calendar.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`).workingDays,
      provisional: !notice,
      version,
      calendarVersion: calendar.version,
    }, version);
  }
}
