import { type ArgumentsHost, Catch, Controller, type ExceptionFilter, Get, HttpException, Logger, Param, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CheckpointService } from '../../eventstore/ledger/checkpoints.js';
import { Public } from '../../shared/http/auth.decorators.js';
import { PublicRecords } from '../queries/public-records.js';
import { CONTENT_SECURITY_POLICY, type Page, layout } from './layout.js';
import { PublicBulletins } from './public-bulletins.js';
import { PUBLIC_PAGE_ROUTES } from './routes.js';
import { BadPublicQuery, parseDecisionSearch, parseMonth, parsePage } from './public-query.js';
import { badRequestPage, bulletinPage, bulletinsPage, decisionPage, decisionsPage, notFoundPage, unavailablePage, withCheckpoint } from './views.js';

const DECISIONS_PER_PAGE = 20;
const BULLETINS_PER_PAGE = 24;
const ENTRIES_PER_PAGE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class PageNotFound extends Error {
  constructor(readonly what: string) {
    super(what);
    this.name = 'PageNotFound';
  }
}

function send(response: Response, status: number, page: Page): void {
  response
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      // Shared caches may keep a page a minute: a withdrawal shows within that, and a burst of readers costs one render.
      'Cache-Control': status === 200 ? 'public, max-age=60' : 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    })
    .send(layout(page));
}

/** The public pages answer in HTML also when they fail: a reader gets a page, never a stack or problem JSON. */
@Catch()
export class PublicPageFilter implements ExceptionFilter {
  private readonly logger = new Logger(PublicPageFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (error instanceof BadPublicQuery) return send(response, 400, badRequestPage(error.problems));
    if (error instanceof PageNotFound) return send(response, 404, notFoundPage(error.what));
    if (error instanceof HttpException && error.getStatus() === 404) return send(response, 404, notFoundPage('没有这个页面。'));
    const request = host.switchToHttp().getRequest<Request & { id?: unknown }>();
    this.logger.error({ err: error, requestId: request.id }, 'public page failed');
    send(response, 503, unavailablePage());
  }
}

/**
 * The public pages (公示), without a token: server-rendered from the same redacted records as the public JSON feeds,
 * with no script and nothing loaded from elsewhere.
 */
@ApiExcludeController()
@Public()
@UseFilters(PublicPageFilter)
@Controller()
export class PublicPagesController {
  constructor(
    private readonly records: PublicRecords,
    private readonly bulletins: PublicBulletins,
    private readonly checkpoints: CheckpointService,
  ) {}

  /** Every page that answers carries the latest checkpoint of the log in its footer. */
  private async ok(response: Response, page: Page): Promise<void> {
    send(response, 200, withCheckpoint(page, await this.checkpoints.current()));
  }

  @Get(PUBLIC_PAGE_ROUTES.decisions)
  async decisions(@Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const search = parseDecisionSearch(query);
    const result = await this.records.search({
      source: search.kind,
      party: search.party,
      from: search.from,
      to: search.to,
      page: search.page,
      pageSize: DECISIONS_PER_PAGE,
    });
    await this.ok(response, decisionsPage(search, result, DECISIONS_PER_PAGE));
  }

  @Get(PUBLIC_PAGE_ROUTES.decision)
  async decision(@Param('publicationId') publicationId: string, @Res() response: Response): Promise<void> {
    const decision = UUID.test(publicationId) ? await this.records.get(publicationId) : null;
    if (!decision) throw new PageNotFound('没有找到这项公示决定，它可能尚未公示或链接有误。');
    await this.ok(response, decisionPage(decision));
  }

  @Get(PUBLIC_PAGE_ROUTES.bulletins)
  async bulletinList(@Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const page = parsePage(query);
    await this.ok(response, bulletinsPage(page, await this.bulletins.list(page, BULLETINS_PER_PAGE), BULLETINS_PER_PAGE));
  }

  @Get(PUBLIC_PAGE_ROUTES.bulletin)
  async bulletin(
    @Param('year') year: string,
    @Param('month') monthOfYear: string,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const month = parseMonth(`${year}-${monthOfYear}`);
    const page = parsePage(query);
    const found = await this.bulletins.get(month, page, ENTRIES_PER_PAGE);
    if (!found) throw new PageNotFound(`${month} 的月度公示通报尚未发布。`);
    await this.ok(response, bulletinPage(found.bulletin, found.entries, page, ENTRIES_PER_PAGE));
  }
}
