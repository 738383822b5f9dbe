import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { toPenalty } from '../shared/case.dtos.js';
import { recordStep, stepResponse } from '../shared/step-response.js';
import { DecisionRequestDto, DeliveryRequestDto, PaymentRequestDto, RevocationRequestDto } from './decision.request.dto.js';
import { MakeDecisionCommand } from './make-decision.command.js';

/** The decision (决定) and its execution: delivery (送达), payment, revocation. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class DecisionController {
  constructor(private readonly commands: CommandBus) {}

  /** A head decides under the general procedure; an officer of the case decides on the spot (simple procedure). */
  @Post('decision')
  @Roles('head', 'officer')
  async decide(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: DecisionRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await this.commands.execute(
      new MakeDecisionCommand(
        context,
        caseId,
        {
          occurredAt: body.occurredAt,
          procedure: body.procedure ?? 'general',
          outcome: body.outcome,
          decisionNumber: body.decisionNumber,
          penalties: (body.penalties ?? []).map(toPenalty),
          discretion: body.discretion ?? 'standard',
          discretionReason: body.discretionReason ?? null,
          noPenaltyReason: body.noPenaltyReason ?? null,
          legalBasis: body.legalBasis ?? null,
        },
        expectedVersion,
      ),
    );
    return stepResponse(version);
  }

  @Post('delivery')
  @Roles('officer')
  deliver(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: DeliveryRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return recordStep(this.commands, context, caseId, { type: 'DeliverDecision', ...body }, expectedVersion);
  }

  @Post('payments')
  @Roles('officer')
  pay(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: PaymentRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return recordStep(this.commands, context, caseId, { type: 'RecordPayment', ...body }, expectedVersion);
  }

  @Post('decision-revocations')
  @Roles('head')
  revoke(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: RevocationRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return recordStep(this.commands, context, caseId, { type: 'RevokeDecision', ...body }, expectedVersion);
  }

}
