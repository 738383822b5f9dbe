import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { handleCommand, loadAggregate } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { Clock } from '../../../shared/clock.js';
import { withVersion } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { RequestValidationError } from '../../../shared/http/problem.js';
import { isCreditCode } from '../../../shared/domain/credit-code.js';
import { RISK_LEVELS, type RiskLevel } from '../../domain/draw.js';
import { parseEntityCsv } from '../../domain/entity-csv.js';
import { entityPoolDecider, entityPoolStreamId } from '../../domain/pools.js';
import { MANAGE_PLANNING, READ_PLANNING } from '../../planning.roles.js';

export class ImportEntitiesRequestDto {
  @ApiProperty({
    description: 'CSV with a header row: name, creditCode, sector, riskLevel (low, medium, high, major), address',
    example: 'name,creditCode,sector,riskLevel,address\n重庆某机械制造有限公司,91500111MA5U3XQ128,工贸,high,大足区龙岗街道3号',
  })
  @IsString()
  @Length(1, 250_000)
  readonly csv!: string;

  @ApiPropertyOptional({ description: 'Import the valid lines and report the others (default: a file with errors imports nothing)' })
  @IsOptional()
  @IsBoolean()
  readonly skipInvalid?: boolean;
}

export class RemoveEntityRequestDto {
  @ApiProperty({ example: '已注销' })
  @IsString()
  @Length(1, 500)
  readonly reason!: string;
}

class ListEntitiesQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) readonly sector?: string;
  @ApiPropertyOptional({ enum: RISK_LEVELS }) @IsOptional() @IsIn(RISK_LEVELS) readonly riskLevel?: RiskLevel;
}

/** The directory of inspectable entities (名录库) of the caller's agency: one event-sourced stream. */
@ApiTags('planning')
@ApiBearerAuth()
@Controller('planning/entities')
export class EntityPoolController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  /** Imports entities from CSV, checked line by line; an entity already in the pool is replaced by the new line. */
  @Post('import')
  @Roles(...MANAGE_PLANNING)
  async import(@Ctx() context: RequestContext, @Body() body: ImportEntitiesRequestDto) {
    const agencyId = context.actor.agencyId;
    const parsed = parseEntityCsv(body.csv);
    const { version, events } = await handleCommand(
      this.store,
      entityPoolStreamId(agencyId),
      entityPoolDecider,
      { type: 'ImportEntities', agencyId, parsed, skipInvalid: body.skipInvalid ?? false },
      { metadata: metadataFor(context, agencyId, this.clock.now().toISOString()) },
    );
    const imported = events[0];
    const data = imported?.type === 'PoolEntitiesImported' ? imported.data : null;
    return withVersion({ added: data?.added ?? 0, updated: data?.updated ?? 0, skipped: data?.skippedLines ?? [], version }, version);
  }

  @Get()
  @Roles(...READ_PLANNING)
  async list(@Ctx() context: RequestContext, @Query() query: ListEntitiesQueryDto) {
    const { state, version } = await loadAggregate(this.store, entityPoolStreamId(context.actor.agencyId), entityPoolDecider);
    const items = Object.values(state.entities)
      .filter((e) => (!query.sector || e.sector === query.sector) && (!query.riskLevel || e.riskLevel === query.riskLevel))
      .sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1));
    return withVersion({ items, version }, version);
  }

  @Post(':creditCode/removal')
  @Roles(...MANAGE_PLANNING)
  async remove(
    @Ctx() context: RequestContext,
    @Param('creditCode') creditCode: string,
    @Body() body: RemoveEntityRequestDto,
  ) {
    if (!isCreditCode(creditCode)) {
      throw new RequestValidationError([{ field: 'creditCode', messages: ['creditCode must be a unified social credit code'] }]);
    }
    const agencyId = context.actor.agencyId;
    const { version } = await handleCommand(
      this.store,
      entityPoolStreamId(agencyId),
      entityPoolDecider,
      { type: 'RemoveEntity', agencyId, creditCode, reason: body.reason },
      { metadata: metadataFor(context, agencyId, this.clock.now().toISOString()) },
    );
    return withVersion({ version }, version);
  }
}
