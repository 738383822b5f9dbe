import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { toPenalty } from '../../../cases/commands/shared/case.dtos.js';
import { stepResponse } from '../../../cases/commands/shared/step-response.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { SubmitReviewCommand } from './submit-review.command.js';
import { SubmitReviewRequestDto } from './submit-review.request.dto.js';

@ApiTags('legal review')
@ApiBearerAuth()
@Controller('cases/:caseId/legal-review')
export class SubmitReviewController {
  constructor(private readonly commands: CommandBus) {}

  /** Submits the case for legal review (法制审核) with the proposed decision; a returned case is resubmitted here. */
  @Post()
  @Roles('officer')
  async submit(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: SubmitReviewRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ reviewId: string; round: number; version: number }>> {
    const { version, ...result } = await this.commands.execute(
      new SubmitReviewCommand(
        context,
        caseId,
        {
          occurredAt: body.occurredAt,
          proposedDecision: {
            outcome: body.proposedDecision.outcome,
            penalties: body.proposedDecision.penalties.map(toPenalty),
            discretion: body.proposedDecision.discretion,
            discretionReason: body.proposedDecision.discretionReason ?? null,
          },
          flags: (body.flags ?? []).map((flag) => ({ kind: flag.kind, reason: flag.reason })),
        },
        expectedVersion,
      ),
    );
    return stepResponse(version, result);
  }
}
