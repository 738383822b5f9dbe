import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CalendarService } from './calendar.service.js';
import { RecordHolidayNoticeController } from './commands/record-holiday-notice/record-holiday-notice.http.controller.js';
import { RecordHolidayNoticeHandler } from './commands/record-holiday-notice/record-holiday-notice.handler.js';
import { CalendarNoticesProjection } from './projections/calendar-notices.projection.js';
import { CalendarController } from './queries/calendar.http.controller.js';

/** The official working-day calendar: the recorded holiday notices and deadline arithmetic on them. */
@Global()
@Module({
  imports: [CqrsModule],
  controllers: [RecordHolidayNoticeController, CalendarController],
  providers: [CalendarService, RecordHolidayNoticeHandler, CalendarNoticesProjection],
  exports: [CalendarService],
})
export class CalendarModule {}
