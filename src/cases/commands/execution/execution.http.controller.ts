import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { RecordCaseStepCommand } from '../record-step/record-case-step.command.js';
import type { CaseCommandBody } from '../shared/case-command-runner.js';
import { stepResponse } from '../shared/step-response.js';
import {
  CourtEnforcementRequestDto,
  PaymentDeferralRequestDto,
  ReminderRequestDto,
  RemedyOutcomeRequestDto,
  RemedyRequestDto,
} from './execution.request.dto.js';

/** The execution of a decision: deferral and instalments, remedies, the reminder and court enforcement. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class ExecutionController {
  constructor(private readonly commands: CommandBus) {}

  private async record(context: RequestContext, caseId: string, body: CaseCommandBody, expectedVersion: number | undefined) {
    const { version } = await this.commands.execute(new RecordCaseStepCommand(context, caseId, body, expectedVersion));
    return stepResponse(version);
  }

  /** A head approves paying later (暂缓) or in instalments (分期): the surcharge pauses while the plan is kept. */
  @Post('payment-deferrals')
  @Roles('head')
  defer(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: PaymentDeferralRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const instalments = body.instalments.map((i) => ({ dueOn: i.dueOn, amountFen: i.amountFen }));
    return this.record(context, caseId, { type: 'DeferPayment', occurredAt: body.occurredAt, kind: body.kind, instalments, reason: body.reason }, expectedVersion);
  }

  /** The party applied for reconsideration (行政复议) or sued (行政诉讼). */
  @Post('remedies')
  @Roles('officer', 'head')
  fileRemedy(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: RemedyRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return this.record(context, caseId, { type: 'FileRemedy', occurredAt: body.occurredAt, kind: body.kind }, expectedVersion);
  }

  /** How the reconsideration or lawsuit ended; a decision changed, revoked or found illegal or void is withdrawn from publication. */
  @Post('remedy-outcomes')
  @Roles('officer', 'head')
  concludeRemedy(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: RemedyOutcomeRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return this.record(
      context,
      caseId,
      { type: 'ConcludeRemedy', occurredAt: body.occurredAt, kind: body.kind, outcome: body.outcome, reason: body.reason },
      expectedVersion,
    );
  }

  /** The written reminder (催告书) served on a party who has not paid after the last day to pay. */
  @Post('enforcement-reminders')
  @Roles('officer', 'head')
  remind(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: ReminderRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return this.record(context, caseId, { type: 'ServeEnforcementReminder', occurredAt: body.occurredAt }, expectedVersion);
  }

  /** The application to the court for enforcement (申请人民法院强制执行); the case may then close as referred. */
  @Post('court-enforcement')
  @Roles('head')
  applyForEnforcement(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: CourtEnforcementRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return this.record(context, caseId, { type: 'ApplyForCourtEnforcement', occurredAt: body.occurredAt, court: body.court }, expectedVersion);
  }
}
