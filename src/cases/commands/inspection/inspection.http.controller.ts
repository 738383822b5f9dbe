import { randomUUID } from 'node:crypto';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { RecordCaseStepCommand } from '../record-step/record-case-step.command.js';
import { stepResponse } from '../shared/step-response.js';
import { CheckRectificationRequestDto, OrderRectificationRequestDto, RecordHazardRequestDto } from './inspection.request.dto.js';

/** What officers record on site: hazards (隐患), rectification orders (责令整改) and re-checks (复查). */
@ApiTags('cases')
@ApiBearerAuth()
@Roles('officer')
@Controller('cases/:caseId')
export class InspectionController {
  constructor(private readonly commands: CommandBus) {}

  @Post('hazards')
  async hazard(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: RecordHazardRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ hazardId: string; version: number }>> {
    const hazardId = randomUUID();
    const { version } = await this.commands.execute(
      new RecordCaseStepCommand(
        context,
        caseId,
        { type: 'RecordHazard', ...body, hazardId, legalBasis: body.legalBasis ?? null },
        expectedVersion,
      ),
    );
    return stepResponse(version, { hazardId });
  }

  @Post('rectification-orders')
  async order(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: OrderRectificationRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ orderId: string; version: number }>> {
    const orderId = randomUUID();
    const { version } = await this.commands.execute(
      new RecordCaseStepCommand(
        context,
        caseId,
        { type: 'OrderRectification', ...body, orderId, dueDate: body.dueDate ?? null },
        expectedVersion,
      ),
    );
    return stepResponse(version, { orderId });
  }

  @Post('rectification-checks')
  async check(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: CheckRectificationRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await this.commands.execute(
      new RecordCaseStepCommand(context, caseId, { type: 'CheckRectification', ...body }, expectedVersion),
    );
    return stepResponse(version);
  }
}
