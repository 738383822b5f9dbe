import { randomUUID } from 'node:crypto';
import { Body, Controller, Module, type OnModuleInit, Post } from '@nestjs/common';
import { IsIn, IsString, Length } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '../src/shared/http/auth.decorators.js';
import { Ctx, type RequestContext } from '../src/shared/http/request-context.js';
import { IsInstant } from '../src/shared/http/validators.js';

export const BARE_INSERT_TABLE = 'bench_bare_inserts';
export const BARE_INSERT_PATH = '/api/bench/bare-insert';

/** The body of a hazard, validated the same way. */
class BareInsertRequestDto {
  @IsInstant()
  readonly occurredAt!: string;

  @IsString()
  @Length(1, 2000)
  readonly description!: string;

  @IsIn(['general', 'major'])
  readonly severity!: 'general' | 'major';
}

/**
 * The floor of a command over HTTP: the same guard, pipe, interceptor and filter as every route, then one INSERT
 * of the request and nothing else (no stream read, no decision, no hash chain).
 */
@Roles('officer')
@Controller('bench')
class BareInsertController {
  constructor(private readonly db: DataSource) {}

  @Post('bare-insert')
  async insert(@Ctx() context: RequestContext, @Body() body: BareInsertRequestDto): Promise<{ id: string }> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO ${BARE_INSERT_TABLE} (id, actor_id, occurred_at, description, severity) VALUES ($1, $2, $3, $4, $5)`,
      [id, context.actor.id, body.occurredAt, body.description, body.severity],
    );
    return { id };
  }
}

@Module({ controllers: [BareInsertController] })
export class BareInsertBenchModule implements OnModuleInit {
  constructor(private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.db.query(`
      CREATE TABLE IF NOT EXISTS ${BARE_INSERT_TABLE} (
        id          uuid        PRIMARY KEY,
        actor_id    text        NOT NULL,
        occurred_at timestamptz NOT NULL,
        description text        NOT NULL,
        severity    text        NOT NULL
      )`);
  }
}
