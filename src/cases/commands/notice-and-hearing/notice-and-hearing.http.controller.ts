import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { toPenalty } from '../shared/case.dtos.js';
import { recordStep, stepResponse } from '../shared/step-response.js';
import { IssuePenaltyNoticeCommand } from './issue-penalty-notice.command.js';
import {
  CollectiveDiscussionDto,
  HearingDto,
  HearingRequestDto,
  PenaltyNoticeRequestDto,
  StatementRequestDto,
} from './notice-and-hearing.request.dto.js';

/** The party's rights before a decision: notice (告知), statement and defence (陈述申辩), hearing (听证). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class NoticeAndHearingController {
  constructor(private readonly commands: CommandBus) {}

  @Post('penalty-notice')
  @Roles('officer')
  async notice(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: PenaltyNoticeRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await this.commands.execute(
      new IssuePenaltyNoticeCommand(
        context,
        caseId,
        {
          occurredAt: body.occurredAt,
          penalties: body.penalties.map(toPenalty),
          discretion: body.discretion,
          discretionReason: body.discretionReason ?? null,
          legalBasis: body.legalBasis,
        },
        expectedVersion,
      ),
    );
    return stepResponse(version);
  }

  @Post('statements')
  @Roles('officer')
  statement(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: StatementRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return recordStep(this.commands, context, caseId, { type: 'RecordStatement', ...body, waived: body.waived ?? false }, expectedVersion);
  }

  @Post('hearing-requests')
  @Roles('officer')
  hearingRequest(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: HearingRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return recordStep(this.commands, context, caseId, { type: 'RequestHearing', occurredAt: body.occurredAt }, expectedVersion);
  }

  @Post('hearings')
  @Roles('officer')
  hearing(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: HearingDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return recordStep(this.commands, context, caseId, { type: 'HoldHearing', ...body }, expectedVersion);
  }

  @Post('collective-discussions')
  @Roles('head')
  discussion(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: CollectiveDiscussionDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return recordStep(this.commands, context, caseId, { type: 'HoldCollectiveDiscussion', ...body }, expectedVersion);
  }

}
