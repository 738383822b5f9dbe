import { Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import { withVersion } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { CompletePlanCommand } from './complete-plan.command.js';

@ApiTags('planning')
@ApiBearerAuth()
@Controller('plans/:planId/completion')
export class CompletePlanController {
  constructor(private readonly commands: CommandBus) {}

  /** Completes the plan when every drawn inspection has its case; its results are published from then on. */
  @Post()
  @Roles('head')
  async complete(
    @Ctx() context: RequestContext,
    @Param('planId', ParseUUIDPipe) planId: string,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    const { version } = await this.commands.execute(new CompletePlanCommand(context, planId, expectedVersion));
    return withVersion({ planId, version }, version);
  }
}
