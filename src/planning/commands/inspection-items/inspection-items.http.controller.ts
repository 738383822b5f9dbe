import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';
import { handleCommand, loadAggregate } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { Public, Roles } from '../../../shared/http/auth.decorators.js';
import { Clock } from '../../../shared/clock.js';
import { AGENCY_ID_PATTERN } from '../../../shared/http/agency-id.pipe.js';
import { withVersion } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { type InspectionItem, checklistDecider, checklistStreamId } from '../../domain/pools.js';
import { MANAGE_PLANNING, READ_PLANNING } from '../../planning.roles.js';

export class PublishItemRequestDto {
  @ApiProperty({ example: 'YJ-GM-01', description: 'The item’s number on the published list' })
  @IsString()
  @Length(1, 50)
  readonly code!: string;

  @ApiProperty({ example: '工贸企业安全生产主体责任落实情况检查' })
  @IsString()
  @Length(1, 300)
  readonly title!: string;

  @ApiProperty({ example: '《中华人民共和国安全生产法》第六十五条' })
  @IsString()
  @Length(1, 1000)
  readonly legalBasis!: string;

  @ApiPropertyOptional({ type: [String], example: ['工贸'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  readonly sectors?: string[];
}

class PublishedItemsQueryDto {
  @ApiProperty({ example: 'dazu-emb' })
  @Matches(AGENCY_ID_PATTERN, { message: 'agency must be 2 to 64 lower-case letters, digits or dashes' })
  readonly agency!: string;
}

export class WithdrawItemRequestDto {
  @ApiProperty({ example: '事项已调整' })
  @IsString()
  @Length(1, 500)
  readonly reason!: string;
}

const sorted = (items: Readonly<Record<string, InspectionItem>>) =>
  Object.values(items).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

/** The published list of random-inspection items (抽查事项清单), each with its legal basis. */
@ApiTags('planning')
@ApiBearerAuth()
@Controller()
export class InspectionItemsController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  @Post('planning/items')
  @Roles(...MANAGE_PLANNING)
  async publish(@Ctx() context: RequestContext, @Body() body: PublishItemRequestDto) {
    const agencyId = context.actor.agencyId;
    const itemId = randomUUID();
    const occurredAt = this.clock.now().toISOString();
    const { version } = await handleCommand(
      this.store,
      checklistStreamId(agencyId),
      checklistDecider,
      { type: 'PublishItem', agencyId, occurredAt, itemId, code: body.code, title: body.title, legalBasis: body.legalBasis, sectors: body.sectors ?? [] },
      { metadata: metadataFor(context, agencyId, occurredAt) },
    );
    return withVersion({ itemId, version }, version);
  }

  @Post('planning/items/:itemId/withdrawal')
  @Roles(...MANAGE_PLANNING)
  async withdraw(
    @Ctx() context: RequestContext,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: WithdrawItemRequestDto,
  ) {
    const agencyId = context.actor.agencyId;
    const occurredAt = this.clock.now().toISOString();
    const { version } = await handleCommand(
      this.store,
      checklistStreamId(agencyId),
      checklistDecider,
      { type: 'WithdrawItem', agencyId, itemId, reason: body.reason, occurredAt },
      { metadata: metadataFor(context, agencyId, occurredAt) },
    );
    return withVersion({ version }, version);
  }

  @Get('planning/items')
  @Roles(...READ_PLANNING)
  async list(@Ctx() context: RequestContext) {
    const { state } = await loadAggregate(this.store, checklistStreamId(context.actor.agencyId), checklistDecider);
    return { items: sorted(state.items) };
  }

  /** The list as published: no token needed. */
  @Get('public/inspection-items')
  @Public()
  async published(@Query() query: PublishedItemsQueryDto) {
    const { state } = await loadAggregate(this.store, checklistStreamId(query.agency), checklistDecider);
    return { agencyId: query.agency, items: sorted(state.items) };
  }
}
