import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import { withVersion } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { MANAGE_PLANNING } from '../../planning.roles.js';
import { DrawPlanCommand } from './draw-plan.command.js';

export class DrawPlanRequestDto {
  @ApiPropertyOptional({ description: 'The seed the planner committed to (its sha256 is the plan’s seedCommitment); absent when the server holds it' })
  @IsOptional()
  @IsString()
  @Length(16, 512)
  readonly seed?: string;
}

@ApiTags('planning')
@ApiBearerAuth()
@Controller('plans/:planId/draw')
export class DrawPlanController {
  constructor(private readonly commands: CommandBus) {}

  /** Draws the plan once: reveals the seed, freezes the pools and records everything needed to re-run the draw. */
  @Post()
  @Roles(...MANAGE_PLANNING)
  async draw(
    @Ctx() context: RequestContext,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Body() body: DrawPlanRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    const { version } = await this.commands.execute(new DrawPlanCommand(context, planId, body.seed ?? null, expectedVersion));
    return withVersion({ planId, version }, version);
  }
}
