import { Body, Controller, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AgencyIdPipe } from '../../../shared/http/agency-id.pipe.js';
import { IfMatch, etag } from '../../../shared/http/if-match.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { Roles } from '../../auth/auth.decorators.js';
import { PutAgencyCommand } from './put-agency.command.js';
import { PutAgencyRequestDto } from './put-agency.request.dto.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('agencies')
export class PutAgencyController {
  constructor(private readonly commands: CommandBus) {}

  /** Registers the agency (201) or records changed details (200); the same details again change nothing. */
  @Put(':agencyId')
  @Roles('admin')
  async put(
    @Ctx() context: RequestContext,
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Body() body: PutAgencyRequestDto,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ agencyId: string; version: number }> {
    const { created, ...result } = await this.commands.execute(
      new PutAgencyCommand(context, agencyId, { ...body, powers: [...body.powers] }, expectedVersion),
    );
    response.status(created ? 201 : 200).setHeader('ETag', etag(result.version));
    return result;
  }
}
