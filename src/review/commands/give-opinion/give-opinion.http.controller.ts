import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { stepResponse } from '../../../cases/commands/shared/step-response.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { FINDING_POINTS, type Findings } from '../../domain/review.js';
import { ExtendReviewCommand, GiveOpinionCommand } from './give-opinion.command.js';
import { ExtendReviewRequestDto, type FindingsDto, GiveOpinionRequestDto } from './give-opinion.request.dto.js';

const toFindings = (dto: FindingsDto): Findings =>
  Object.fromEntries(FINDING_POINTS.map((point) => [point, { ok: dto[point].ok, note: dto[point].note ?? null }])) as Findings;

@ApiTags('legal review')
@ApiBearerAuth()
@Roles('reviewer')
@Controller('reviews/:reviewId')
export class GiveOpinionController {
  constructor(private readonly commands: CommandBus) {}

  /** The reviewer's opinion on every checked point: approved, or returned to the officers to supplement. */
  @Post('opinion')
  async opinion(
    @Ctx() context: RequestContext,
    @Param('reviewId', ParseUUIDPipe) reviewId: string,
    @Body() body: GiveOpinionRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await this.commands.execute(
      new GiveOpinionCommand(
        context,
        reviewId,
        { occurredAt: body.occurredAt, outcome: body.outcome, findings: toFindings(body.findings), opinion: body.opinion },
        expectedVersion,
      ),
    );
    return stepResponse(version);
  }

  /** Extends the review time limit once, by 3 working days, with a reason. */
  @Post('extension')
  async extend(
    @Ctx() context: RequestContext,
    @Param('reviewId', ParseUUIDPipe) reviewId: string,
    @Body() body: ExtendReviewRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await this.commands.execute(new ExtendReviewCommand(context, reviewId, { ...body }, expectedVersion));
    return stepResponse(version);
  }
}
