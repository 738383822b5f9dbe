import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { RequestValidationError } from '../../../shared/http/problem.js';
import { created } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import type { SampleSpec } from '../../domain/draw.js';
import { MANAGE_PLANNING } from '../../planning.roles.js';
import { CreatePlanCommand } from './create-plan.command.js';
import { CreatePlanRequestDto } from './create-plan.request.dto.js';

function sampleOf(body: CreatePlanRequestDto): SampleSpec {
  const given = [body.samplePercent, body.sampleCount].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new RequestValidationError([{ field: 'samplePercent', messages: ['give exactly one of samplePercent and sampleCount'] }]);
  }
  if (body.sampleCount !== undefined) return { kind: 'count', count: body.sampleCount };
  const basisPoints = Math.round((body.samplePercent ?? 0) * 100);
  if (Math.abs(basisPoints - (body.samplePercent ?? 0) * 100) > 1e-6) {
    throw new RequestValidationError([{ field: 'samplePercent', messages: ['samplePercent has at most 2 decimals'] }]);
  }
  return { kind: 'ratio', basisPoints };
}

@ApiTags('planning')
@ApiBearerAuth()
@Controller('plans')
export class CreatePlanController {
  constructor(private readonly commands: CommandBus) {}

  /** Plans a random inspection and commits to its seed: sha256(seed) is recorded now and shown with the plan. */
  @Post()
  @Roles(...MANAGE_PLANNING)
  async create(@Ctx() context: RequestContext, @Body() body: CreatePlanRequestDto) {
    const result = await this.commands.execute(
      new CreatePlanCommand(context, {
        name: body.name,
        itemIds: [...new Set(body.items)],
        filters: { sectors: [...new Set(body.filters?.sectors ?? [])].sort(), riskLevels: [...new Set(body.filters?.riskLevels ?? [])].sort() },
        sample: sampleOf(body),
        period: { from: body.period.from, to: body.period.to },
        teamSize: body.inspectorsPerTeam,
        // One key inspection per entity: a repeat adds nothing to the draw.
        keyInspections: [...new Map((body.keyInspections ?? []).map((k) => [k.creditCode, { creditCode: k.creditCode, reason: k.reason }])).values()],
        seedCommitment: body.seedCommitment ?? null,
      }),
    );
    return created(result, { version: result.version, location: `/api/plans/${result.planId}` });
  }
}
