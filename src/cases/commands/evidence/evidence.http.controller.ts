import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { RequestValidationError } from '../../../shared/http/problem.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import type { Evidence } from '../../domain/case.js';
import { CaseErrors } from '../../domain/case.errors.js';
import { RecordCaseStepCommand } from '../record-step/record-case-step.command.js';
import { stepResponse } from '../shared/step-response.js';
import { RecordEvidenceRequestDto } from './evidence.request.dto.js';

/** Non-ASCII reasons (most of them) arrive percent-encoded, as header values are Latin-1. */
function decodeHeader(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The whole-process record (执法全过程记录): evidence is registered by hash, and every reading of it is recorded. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:caseId/evidence')
export class EvidenceController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('officer')
  async record(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: RecordEvidenceRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ evidenceId: string; version: number }>> {
    const evidenceId = randomUUID();
    const { version } = await this.commands.execute(
      new RecordCaseStepCommand(
        context,
        caseId,
        { type: 'RecordEvidence', ...body, evidenceId, supersedes: body.supersedes ?? null },
        expectedVersion,
      ),
    );
    return stepResponse(version, { evidenceId });
  }

  /** Reads one piece of evidence (调阅); the reading is appended to the case with who, when and why. */
  @Get(':evidenceId')
  @ApiHeader({ name: 'X-Access-Reason', required: true, description: 'Why the evidence is read' })
  async access(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Param('evidenceId', ParseUUIDPipe) evidenceId: string,
    @Headers('x-access-reason') reason: string | undefined,
  ): Promise<Evidence> {
    const text = decodeHeader(reason ?? '').trim();
    if (text.length === 0 || text.length > 500) {
      throw new RequestValidationError([{ field: 'X-Access-Reason', messages: ['a reason of 1 to 500 characters is required'] }]);
    }
    const { state } = await this.commands.execute(
      new RecordCaseStepCommand(context, caseId, { type: 'AccessEvidence', evidenceId, reason: text }, undefined),
    );
    const evidence = state.status === 'none' ? undefined : state.evidence.find((e) => e.evidenceId === evidenceId);
    if (!evidence) throw CaseErrors.evidenceNotFound(evidenceId);
    return evidence;
  }
}
