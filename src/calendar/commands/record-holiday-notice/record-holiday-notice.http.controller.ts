import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import { type Reply, created, withVersion } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { CalendarYearPipe } from '../../calendar-year.pipe.js';
import { RecordHolidayNoticeCommand } from './record-holiday-notice.command.js';
import { RecordHolidayNoticeRequestDto } from './record-holiday-notice.request.dto.js';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar/years')
export class RecordHolidayNoticeController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * Records the year's State Council holiday notice (201), or a corrected one (200; the latest wins); the same
   * notice again changes nothing (200). A year chinese-days carries may be recorded too: the record replaces it.
   */
  @Put(':year')
  @Roles('admin')
  async put(
    @Ctx() context: RequestContext,
    @Param('year', CalendarYearPipe) year: number,
    @Body() body: RecordHolidayNoticeRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ year: number; version: number }>> {
    const { created: isNew, ...result } = await this.commands.execute(
      new RecordHolidayNoticeCommand(context, { year, ...body }, expectedVersion),
    );
    return isNew ? created(result, { version: result.version }) : withVersion(result, result.version);
  }
}
