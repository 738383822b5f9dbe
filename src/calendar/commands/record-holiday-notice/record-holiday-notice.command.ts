import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { RecordedNotice } from '../../domain/holiday-notice.js';

export class RecordHolidayNoticeCommand extends Command<{ year: number; version: number; created: boolean }> {
  constructor(
    readonly context: RequestContext,
    readonly notice: RecordedNotice,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
