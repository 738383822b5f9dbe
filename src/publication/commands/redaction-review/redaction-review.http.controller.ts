import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { evolveCase, initialCase } from '../../../cases/domain/case.js';
import { stepResponse } from '../../../cases/commands/shared/step-response.js';
import { handleCommand, loadAggregate } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { canSeeAgency, hasRole } from '../../../shared/domain/roles.js';
import { Clock } from '../../../shared/clock.js';
import { shanghaiDate } from '../../../shared/domain/calendar-date.js';
import { IfMatch } from '../../../shared/http/if-match.js';
import type { Reply } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { licensingDecider } from '../../domain/licensing.js';
import type { RedactionSubjects } from '../../domain/public-record.js';
import { type Publication, PublicationErrors, publicationDecider, publicationStreamId } from '../../domain/publication.js';
import type { RedactionDoubt } from '../../domain/redaction.js';
import { ReleaseRedactionRequestDto } from './redaction-review.request.dto.js';

interface HeldRow {
  publication_id: string;
  source: string;
  agency_id: string;
  decision_date: string;
  due_date: string | null;
}

/**
 * Records whose redaction had doubts are held (`redaction_review`) for a legal reviewer, who sees the doubts and the
 * redacted draft and releases it, as drafted or with corrected texts; only then may it be published.
 */
@ApiTags('publication')
@ApiBearerAuth()
@Roles('reviewer', 'admin')
@Controller('publications')
export class RedactionReviewController {
  constructor(
    private readonly db: DataSource,
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  /** The held records, oldest decision first, each with its doubts and its redacted draft; the deadline runs on. */
  @Get('redaction-reviews')
  async list(@Ctx() context: RequestContext) {
    const today = shanghaiDate(this.clock.now());
    const rows = await this.db.query<HeldRow[]>(
      `SELECT publication_id, source, agency_id, decision_date::text, due_date::text FROM publications
       WHERE status = 'redaction_review' AND ($1::text IS NULL OR agency_id = $1)
       ORDER BY decision_date, publication_id LIMIT 500`,
      [hasRole(context.actor, 'district') ? null : context.actor.agencyId],
    );
    // The doubts are read from each stream, the truth: the queue is short, and the read model keeps only the status.
    const items = await Promise.all(
      rows.map(async (row) => {
        const { state, version } = await loadAggregate(this.store, publicationStreamId(row.publication_id), publicationDecider);
        const held = state.status === 'redaction_review' ? state : null;
        return {
          publicationId: row.publication_id,
          source: row.source,
          agencyId: row.agency_id,
          decisionDate: row.decision_date,
          dueDate: row.due_date,
          overdue: row.due_date !== null && row.due_date < today,
          version,
          doubts: held?.doubts ?? ([] as readonly RedactionDoubt[]),
          draft: held?.record ?? null,
        };
      }),
    );
    return { items: items.filter((item) => item.draft !== null) };
  }

  /** Releases a held record: confirmed as drafted, or with corrected texts that redaction then finds clean. */
  @Post(':publicationId/redaction-release')
  async release(
    @Ctx() context: RequestContext,
    @Param('publicationId', ParseUUIDPipe) publicationId: string,
    @Body() body: ReleaseRedactionRequestDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const streamId = publicationStreamId(publicationId);
    const { state: current } = await loadAggregate(this.store, streamId, publicationDecider);
    if (current.status === 'none' || !canSeeAgency(context.actor, current.agencyId)) throw PublicationErrors.notFound(publicationId);
    const subjects = await this.subjectsOf(current);
    const { version } = await handleCommand(
      this.store,
      streamId,
      publicationDecider,
      {
        type: 'ReleaseRedaction',
        occurredAt: body.occurredAt,
        now: this.clock.now().toISOString(),
        actorId: context.actor.id,
        corrections: body.corrections ?? [],
        subjects,
      },
      {
        expectedVersion,
        authorize: (state: Publication) => {
          if (state.status === 'none' || !canSeeAgency(context.actor, state.agencyId)) throw PublicationErrors.notFound(publicationId);
        },
        metadata: (state) => metadataFor(context, state.status === 'none' ? context.actor.agencyId : state.agencyId, body.occurredAt),
      },
    );
    return stepResponse(version);
  }

  /** The party and the natural persons of the decision the record comes from. */
  private async subjectsOf(publication: Exclude<Publication, { status: 'none' }>): Promise<RedactionSubjects> {
    if (publication.source === 'licensing') {
      const { state } = await loadAggregate(this.store, publication.sourceStreamId, licensingDecider);
      if (state.status === 'none') throw PublicationErrors.notFound(publication.publicationId);
      return { party: state.party, persons: [] };
    }
    const { state } = await loadAggregate(this.store, publication.sourceStreamId, { evolve: evolveCase, initialState: initialCase });
    if (state.status === 'none') throw PublicationErrors.notFound(publication.publicationId);
    return { party: state.party, persons: state.persons };
  }
}
