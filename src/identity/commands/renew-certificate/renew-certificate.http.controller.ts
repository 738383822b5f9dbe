import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IfMatch } from '../../../shared/http/if-match.js';
import { type Reply, withVersion } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { CertificateDto } from '../certificate.dto.js';
import { RenewCertificateCommand } from './renew-certificate.command.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('officers')
export class RenewCertificateController {
  constructor(private readonly commands: CommandBus) {}

  /** Records a new certificate for the officer; it replaces the current one and lifts a revocation. */
  @Post(':officerId/certificate-renewals')
  @HttpCode(200)
  @Roles('admin')
  async renew(
    @Ctx() context: RequestContext,
    @Param('officerId', ParseUUIDPipe) officerId: string,
    @Body() body: CertificateDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const result = await this.commands.execute(
      new RenewCertificateCommand(context, officerId, { ...body }, expectedVersion),
    );
    return withVersion(result, result.version);
  }
}
