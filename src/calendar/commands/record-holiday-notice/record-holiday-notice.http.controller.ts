import { Body, Controller, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../../identity/auth/auth.decorators.js';
import { IfMatch, etag } from '../../../shared/http/if-match.js';
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
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ year: number; version: number }> {
    const { created, ...result } = await this.commands.execute(
      new RecordHolidayNoticeCommand(context, { year, ...body }, expectedVersion),
    );
    response.status(created ? 201 : 200).setHeader('ETag', etag(result.version));
    return result;
  }
}
