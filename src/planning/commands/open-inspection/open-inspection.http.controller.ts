import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { StepDto } from '../../../cases/commands/shared/case.dtos.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { created } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { IsCreditCode } from '../../../shared/http/validators.js';
import { OpenDrawnInspectionCommand } from './open-inspection.command.js';

export class OpenDrawnInspectionRequestDto extends StepDto {
  @ApiProperty({ example: '91500111MA5U3XQ128', description: 'The drawn entity' })
  @IsCreditCode()
  readonly creditCode!: string;

  @ApiProperty({ example: '按“双随机”抽查计划对该公司进行检查' })
  @IsString()
  @Length(1, 4000)
  readonly summary!: string;

  @ApiPropertyOptional({ description: 'Where the inspection took place; default: the entity’s address in the pool' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  readonly location?: string;
}

@ApiTags('planning')
@ApiBearerAuth()
@Controller('plans/:planId/inspections')
export class OpenDrawnInspectionController {
  constructor(private readonly commands: CommandBus) {}

  /** Carries out a drawn inspection: opens its case (source random_draw) with the drawn team. */
  @Post()
  @Roles('officer', 'head')
  async open(
    @Ctx() context: RequestContext,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Body() body: OpenDrawnInspectionRequestDto,
  ) {
    const result = await this.commands.execute(
      new OpenDrawnInspectionCommand(context, planId, {
        creditCode: body.creditCode,
        occurredAt: body.occurredAt,
        summary: body.summary,
        location: body.location ?? null,
      }),
    );
    return created(result, { version: result.version, location: `/api/cases/${result.caseId}` });
  }
}
