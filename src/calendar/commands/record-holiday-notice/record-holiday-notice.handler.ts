import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { CalendarService } from '../../calendar.service.js';
import { NATIONAL_AGENCY_ID, holidayNoticeDecider, holidayNoticeStreamId } from '../../domain/holiday-notice.js';
import { RecordHolidayNoticeCommand } from './record-holiday-notice.command.js';

@CommandHandler(RecordHolidayNoticeCommand)
export class RecordHolidayNoticeHandler implements ICommandHandler<RecordHolidayNoticeCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly calendar: CalendarService,
  ) {}

  async execute({ context, notice, expectedVersion }: RecordHolidayNoticeCommand) {
    const { version, events, state } = await handleCommand(
      this.store,
      holidayNoticeStreamId(notice.year),
      holidayNoticeDecider,
      { type: 'RecordHolidayNotice', ...notice },
      { expectedVersion, metadata: metadataFor(context, NATIONAL_AGENCY_ID) },
    );
    // This instance computes with the notice at once; the others take it from the read model.
    if (state.status === 'recorded') this.calendar.adopt([{ notice: state.notice, version }]);
    return { year: notice.year, version, created: events.length > 0 && version === 1 };
  }
}
