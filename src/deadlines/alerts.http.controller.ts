import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ANY } from '../eventstore/event.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import { canSeeAgency, hasRole } from '../shared/domain/roles.js';
import { notFound } from '../shared/domain/errors.js';
import { Ctx, type RequestContext } from '../shared/http/request-context.js';
import { metadataFor } from '../eventstore/request-metadata.js';

interface AlertRow {
  alert_id: string;
  agency_id: string;
  stream_id: string;
  deadline_id: string;
  kind: string;
  stage: string;
  due_date: string;
  notify_role: string;
  subject: string;
  raised_at: Date;
  acked_at: Date | null;
  acked_by: string | null;
}

const toView = (row: AlertRow) => ({
  alertId: row.alert_id,
  agencyId: row.agency_id,
  streamId: row.stream_id,
  deadlineId: row.deadline_id,
  kind: row.kind,
  stage: row.stage,
  dueDate: row.due_date,
  notifyRole: row.notify_role,
  subject: row.subject,
  raisedAt: row.raised_at.toISOString(),
  acknowledgedAt: row.acked_at?.toISOString() ?? null,
  acknowledgedBy: row.acked_by,
});

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly db: DataSource,
    private readonly store: PostgresEventStore,
  ) {}

  /** The deadline alerts for the caller's roles in the caller's agency, unread first, newest first. */
  @Get()
  async list(@Ctx() context: RequestContext) {
    const rows = await this.db.query<AlertRow[]>(
      `SELECT alert_id, agency_id, stream_id, deadline_id, kind, stage, due_date::text, notify_role, subject, raised_at,
              acked_at, acked_by
       FROM alerts
       WHERE ($1::text IS NULL OR agency_id = $1) AND notify_role = ANY($2::text[])
       ORDER BY acked_at IS NOT NULL, raised_at DESC, alert_id
       LIMIT 500`,
      [hasRole(context.actor, 'district') ? null : context.actor.agencyId, context.actor.roles],
    );
    return { items: rows.map(toView) };
  }

  /** Marks an alert read, for everyone of its role; acknowledging twice changes nothing. */
  @Post(':alertId/ack')
  @HttpCode(200)
  async ack(@Ctx() context: RequestContext, @Param('alertId', ParseUUIDPipe) alertId: string) {
    const [row] = await this.db.query<AlertRow[]>(
      `SELECT alert_id, agency_id, stream_id, deadline_id, kind, stage, due_date::text, notify_role, subject, raised_at,
              acked_at, acked_by
       FROM alerts WHERE alert_id = $1`,
      [alertId],
    );
    if (!row || !canSeeAgency(context.actor, row.agency_id) || !context.actor.roles.some((r) => r === row.notify_role)) {
      throw notFound('Alert', alertId, 'ALERT_NOT_FOUND');
    }
    if (row.acked_at) return toView(row);
    await this.store.append(
      `alerts-${row.agency_id}`,
      ANY,
      [{ type: 'AlertAcknowledged', data: { alertId, acknowledgedBy: context.actor.id } }],
      metadataFor(context, row.agency_id),
    );
    return { ...toView(row), acknowledgedBy: context.actor.id, acknowledgedAt: new Date().toISOString() };
  }
}
