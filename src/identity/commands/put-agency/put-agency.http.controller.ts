import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AgencyIdPipe } from '../../../shared/http/agency-id.pipe.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import { type Reply, created, withVersion } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
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
  ): Promise<Reply<{ agencyId: string; version: number }>> {
    const { created: isNew, ...result } = await this.commands.execute(
      new PutAgencyCommand(context, agencyId, { ...body, powers: [...body.powers] }, expectedVersion),
    );
    return isNew ? created(result, { version: result.version }) : withVersion(result, result.version);
  }
}
