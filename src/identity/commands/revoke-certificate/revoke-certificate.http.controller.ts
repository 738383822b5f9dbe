import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IfMatch, etag } from '../../../shared/http/if-match.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { Roles } from '../../auth/auth.decorators.js';
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
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ version: number }> {
    const result = await this.commands.execute(
      new RevokeCertificateCommand(context, officerId, { ...body }, expectedVersion),
    );
    response.setHeader('ETag', etag(result.version));
    return result;
  }
}
