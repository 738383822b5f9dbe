import { randomUUID } from 'node:crypto';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { DataSource } from 'typeorm';
import { PartyDto, StepDto, toParty } from '../../../cases/commands/shared/case.dtos.js';
import { handleCommand } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { Clock } from '../../../shared/clock.js';
import { isUniqueViolation } from '../../../shared/database/errors.js';
import { DomainError } from '../../../shared/domain/errors.js';
import { type Reply, created } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { LICENSING_OUTCOMES, type LicensingOutcome, licensingDecider, licensingStreamId } from '../../domain/licensing.js';

export class LicensingDecisionRequestDto extends StepDto {
  @ApiProperty({ type: PartyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PartyDto)
  readonly party!: PartyDto;

  @ApiProperty({ example: '危险化学品经营许可证（乙种）' })
  @IsString()
  @Length(1, 200)
  readonly licence!: string;

  @ApiProperty({ enum: LICENSING_OUTCOMES })
  @IsIn(LICENSING_OUTCOMES)
  readonly outcome!: LicensingOutcome;

  @ApiProperty({ example: '渝大足应急许〔2026〕15号', description: 'Unique per agency and year' })
  @IsString()
  @Length(1, 100)
  readonly decisionNumber!: string;
}

/** Records a licensing decision (行政许可决定); it is then published within 7 working days like a penalty. */
@ApiTags('publication')
@ApiBearerAuth()
@Controller('licensing-decisions')
export class RecordLicensingDecisionController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('officer')
  async record(
    @Ctx() context: RequestContext,
    @Body() body: LicensingDecisionRequestDto,
  ): Promise<Reply<{ licensingId: string; version: number }>> {
    const licensingId = randomUUID();
    const agencyId = context.actor.agencyId;
    try {
      const { version } = await handleCommand(
        this.store,
        licensingStreamId(licensingId),
        licensingDecider,
        {
          type: 'RecordLicensingDecision',
          now: this.clock.now().toISOString(),
          occurredAt: body.occurredAt,
          licensingId,
          agencyId,
          party: toParty(body.party),
          licence: body.licence,
          outcome: body.outcome,
          decisionNumber: body.decisionNumber,
          decidedBy: context.actor.id,
        },
        {
          metadata: metadataFor(context, agencyId, body.occurredAt),
          // Licensing numbers are unique per agency and year, like decision numbers, in a series of their own.
          beforeAppend: {
            transaction: (work) => this.db.transaction((manager) => work({ query: (sql, p) => manager.query(sql, p) })),
            run: async (tx, events) => {
              const decided = events[0]?.data as { decisionDate: string } | undefined;
              if (!decided) return;
              await tx.query(
                `INSERT INTO decision_numbers (agency_id, year, decision_number, case_id) VALUES ($1, $2, $3, $4)`,
                [agencyId, Number(decided.decisionDate.slice(0, 4)), `licensing:${body.decisionNumber}`, licensingId],
              );
            },
          },
        },
      );
      return created({ licensingId, version }, { version, location: `/api/publications?status=pending` });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('DECISION_NUMBER_TAKEN', `Licensing number ${body.decisionNumber} is already used this year`);
      }
      throw error;
    }
  }
}
