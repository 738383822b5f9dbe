import { Injectable } from '@nestjs/common';
import type { WorkingCalendar } from './domain/calendar.js';
import { officialCalendar } from './domain/official-notices.js';

/** The calendar every deadline is computed on; the State Council notices seeded from chinese-days. */
@Injectable()
export class CalendarService {
  current(): WorkingCalendar {
    return officialCalendar();
  }
}
