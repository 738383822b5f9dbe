import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { RecordCaseStepCommand } from '../record-step/record-case-step.command.js';
import { toPenalty, toViolation } from '../shared/case.dtos.js';
import { stepResponse } from '../shared/step-response.js';
import { FileCaseCommand } from './file-case.command.js';
import { ExtendDecisionPeriodRequestDto, FileCaseRequestDto } from './filing.request.dto.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class FilingController {
  constructor(private readonly commands: CommandBus) {}

  /** Files the case (立案) with a head's approval; the decision is then due within 90 calendar days. */
  @Post('filing')
  @Roles('officer')
  async file(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: FileCaseRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await this.commands.execute(
      new FileCaseCommand(
        context,
        caseId,
        {
          occurredAt: body.occurredAt,
          procedure: body.procedure,
          violations: body.violations.map(toViolation),
          approvedBy: body.approvedBy,
          intendedPenalties: (body.intendedPenalties ?? []).map(toPenalty),
          complex: body.complex ?? false,
        },
        expectedVersion,
      ),
    );
    return stepResponse(version);
  }

  /** Records a head's extension of the period for the decision. */
  @Post('decision-extensions')
  @Roles('head')
  async extend(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: ExtendDecisionPeriodRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await this.commands.execute(
      new RecordCaseStepCommand(context, caseId, {
          type: 'ExtendDecisionPeriod',
          occurredAt: body.occurredAt,
          days: body.days,
          reason: body.reason,
          approval: body.approval ?? 'head',
          approvalReference: body.approvalReference ?? null,
        }, expectedVersion),
    );
    return stepResponse(version);
  }
}
