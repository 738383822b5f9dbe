import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { type Reply, created } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { toParty } from '../shared/case.dtos.js';
import { OpenCaseCommand } from './open-case.command.js';
import { OpenCaseRequestDto } from './open-case.request.dto.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class OpenCaseController {
  constructor(private readonly commands: CommandBus) {}

  /** Opens a case with the inspection (检查) of one party by at least two certified officers of the caller's agency. */
  @Post()
  @Roles('officer')
  async open(
    @Ctx() context: RequestContext,
    @Body() body: OpenCaseRequestDto,
  ): Promise<Reply<{ caseId: string; version: number }>> {
    const result = await this.commands.execute(
      new OpenCaseCommand(context, {
        occurredAt: body.occurredAt,
        source: body.source,
        campaign: body.campaign ?? null,
        party: toParty(body.party),
        officerIds: body.officerIds,
        location: body.location,
        summary: body.summary,
      }),
    );
    return created(result, { version: result.version, location: `/api/cases/${result.caseId}` });
  }
}
