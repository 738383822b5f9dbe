import { randomUUID } from 'node:crypto';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import type { CasePerson } from '../../domain/persons.js';
import { RecordCaseStepCommand } from '../record-step/record-case-step.command.js';
import { stepResponse } from '../shared/step-response.js';
import { type CasePersonDto, RecordCasePersonsRequestDto, RemoveCasePersonRequestDto } from './persons.request.dto.js';

/** Only the fields given: a person's object holds nothing but what was recorded of them. */
const toPerson = (dto: CasePersonDto, personId: string): CasePerson => ({
  personId,
  role: dto.role,
  name: dto.name,
  ...(dto.idNumber === undefined ? {} : { idNumber: dto.idNumber }),
  ...(dto.phone === undefined ? {} : { phone: dto.phone }),
  ...(dto.address === undefined ? {} : { address: dto.address }),
});

/** The natural persons of a case (party, operator, witnesses, injured, workers), so that no public text names them. */
@ApiTags('cases')
@ApiBearerAuth()
@Roles('officer')
@Controller('cases/:caseId/persons')
export class PersonsController {
  constructor(private readonly commands: CommandBus) {}

  /** Records new persons and corrects recorded ones (those named by `personId`); answers every person's id, in order. */
  @Post()
  async record(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: RecordCasePersonsRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ personIds: string[]; version: number }>> {
    const persons = body.persons.map((dto) => ({ dto, person: toPerson(dto, dto.personId ?? randomUUID()) }));
    const { version } = await this.commands.execute(
      new RecordCaseStepCommand(
        context,
        caseId,
        {
          type: 'RecordCasePersons',
          occurredAt: body.occurredAt,
          added: persons.filter(({ dto }) => dto.personId === undefined).map(({ person }) => person),
          corrected: persons.filter(({ dto }) => dto.personId !== undefined).map(({ person }) => person),
        },
        expectedVersion,
      ),
    );
    return stepResponse(version, { personIds: persons.map(({ person }) => person.personId) });
  }

  @Post(':personId/removal')
  async remove(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Param('personId', ParseUUIDPipe) personId: string,
    @Body() body: RemoveCasePersonRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await this.commands.execute(
      new RecordCaseStepCommand(context, caseId, { type: 'RemoveCasePerson', occurredAt: body.occurredAt, personId, reason: body.reason }, expectedVersion),
    );
    return stepResponse(version);
  }
}
