import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IfMatch } from '../../../shared/http/if-match.js';
import { type Reply, withVersion } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { RevokeCertificateCommand } from './revoke-certificate.command.js';
import { RevokeCertificateRequestDto } from './revoke-certificate.request.dto.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('officers')
export class RevokeCertificateController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':officerId/certificate-revocation')
  @HttpCode(200)
  @Roles('admin')
  async revoke(
    @Ctx() context: RequestContext,
    @Param('officerId', ParseUUIDPipe) officerId: string,
    @Body() body: RevokeCertificateRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const result = await this.commands.execute(
      new RevokeCertificateCommand(context, officerId, { ...body }, expectedVersion),
    );
    return withVersion(result, result.version);
  }
}
