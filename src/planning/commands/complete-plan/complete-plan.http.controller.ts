import { Controller, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../../identity/auth/auth.decorators.js';
import { IfMatch, etag } from '../../../shared/http/if-match.js';
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
    @Res({ passthrough: true }) response: Response,
  ) {
    const { version } = await this.commands.execute(new CompletePlanCommand(context, planId, expectedVersion));
    response.setHeader('ETag', etag(version));
    return { planId, version };
  }
}
