import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { type Reply, created } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { RegisterOfficerCommand } from './register-officer.command.js';
import { RegisterOfficerRequestDto } from './register-officer.request.dto.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('officers')
export class RegisterOfficerController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ description: 'The officer is registered', schema: { example: { officerId: 'uuid', version: 1 } } })
  async register(
    @Ctx() context: RequestContext,
    @Body() body: RegisterOfficerRequestDto,
  ): Promise<Reply<{ officerId: string; version: number }>> {
    const result = await this.commands.execute(
      new RegisterOfficerCommand(context, {
        name: body.name,
        agencyId: body.agency,
        roles: body.roles,
        certificate: { ...body.certificate },
      }),
    );
    return created(result, { version: result.version, location: `/api/officers/${result.officerId}` });
  }
}
