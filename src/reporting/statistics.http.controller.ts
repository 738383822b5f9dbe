import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { AGENCY_ID_PATTERN } from '../shared/http/agency-id.pipe.js';
import { RequestValidationError } from '../shared/http/problem.js';
import { Ctx, type RequestContext } from '../shared/http/request-context.js';
import { IsCalendarDate, IsInstant } from '../shared/http/validators.js';
import { reportScope } from './report-scope.js';
import { StatisticsReader } from './statistics.query.js';

class StatisticsQueryDto {
  @ApiProperty({ format: 'date', description: 'First day of the period (Asia/Shanghai, inclusive)' })
  @IsCalendarDate()
  readonly from!: string;

  @ApiProperty({ format: 'date', description: 'Last day of the period (Asia/Shanghai, inclusive)' })
  @IsCalendarDate()
  readonly to!: string;

  @ApiPropertyOptional({ description: 'One agency; omitted: district-wide with a breakdown by agency (district role)' })
  @IsOptional()
  @Matches(AGENCY_ID_PATTERN)
  readonly agency?: string;

  @ApiPropertyOptional({ description: 'Answer as the system knew it at this instant (events recorded later are left out)' })
  @IsOptional()
  @IsInstant()
  readonly asOf?: string;
}

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reports')
export class StatisticsController {
  constructor(private readonly reader: StatisticsReader) {}

  /**
   * Enforcement statistics for a period, counted by each event's business date. The district role sees every
   * agency; anyone else sees only their own.
   */
  @Get('statistics')
  async statistics(@Ctx() context: RequestContext, @Query() query: StatisticsQueryDto) {
    if (query.from > query.to) throw new RequestValidationError([{ field: 'to', messages: ['to must not be before from'] }]);
    const agency = reportScope(context.actor, query.agency);
    const asOf = query.asOf === undefined ? null : new Date(query.asOf);
    const { figures, byAgency } = await this.reader.read({ from: query.from, to: query.to, agency, asOf });
    const period = { from: query.from, to: query.to, asOf: asOf?.toISOString() ?? null };
    return agency === null
      ? { ...period, figures, byAgency }
      : { ...period, agency, figures, submitted: byAgency[agency]?.submitted ?? null };
  }
}
