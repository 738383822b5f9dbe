import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { RecordCaseStepCommand } from '../record-step/record-case-step.command.js';
import { stepResponse } from '../shared/step-response.js';
import { ClosureRequestDto, CorrectionRequestDto } from './closure.request.dto.js';

@ApiTags('cases')
@ApiBearerAuth()
@Roles('head')
@Controller('cases/:caseId')
export class ClosureController {
  constructor(private readonly commands: CommandBus) {}

  /** Closes the case (结案) once its hazards are rectified, or its decision executed or not a penalty. */
  @Post('closure')
  async close(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: ClosureRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await this.commands.execute(
      new RecordCaseStepCommand(context, caseId, { type: 'CloseCase', occurredAt: body.occurredAt }, expectedVersion),
    );
    return stepResponse(version);
  }

  /** The one step a closed case accepts: a correction with its reason, approved by the head who records it. */
  @Post('corrections')
  async correct(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: CorrectionRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await this.commands.execute(
      new RecordCaseStepCommand(context, caseId, { type: 'CorrectCase', ...body }, expectedVersion),
    );
    return stepResponse(version);
  }
}
