import { Controller, Get, Injectable, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Clock } from '../../shared/clock.js';
import { shanghaiDate } from '../../shared/domain/calendar-date.js';
import { AGENCY_ID_PATTERN } from '../../shared/http/agency-id.pipe.js';
import { RequestValidationError } from '../../shared/http/problem.js';
import { Ctx, type RequestContext } from '../../shared/http/request-context.js';
import { IsCalendarDate, IsInstant } from '../../shared/http/validators.js';
import type { Figures } from '../domain/statistics-facts.js';
import { reportScope } from '../report-scope.js';
import { StatisticsReader } from '../statistics.query.js';
import { type AgencyName, type AnnualReport, buildAnnualReport, monthsThrough } from './annual-report.js';
import { REPORT_STYLE_HASH, renderHtml } from './render-html.js';
import { renderCsv, renderMarkdown, renderText } from './render.js';

const FORMATS = ['json', 'text', 'markdown', 'html', 'csv'] as const;
type Format = (typeof FORMATS)[number];

class AnnualReportQueryDto {
  @ApiProperty({ example: 2021 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  readonly year!: number;

  @ApiPropertyOptional({ format: 'date', example: '2021-10-31', description: 'Last day counted; default: the end of the year, or today' })
  @IsOptional()
  @IsCalendarDate()
  readonly through?: string;

  @ApiPropertyOptional({ description: 'One agency; omitted: district-wide (district role)' })
  @IsOptional()
  @Matches(AGENCY_ID_PATTERN)
  readonly agency?: string;

  @ApiPropertyOptional({ description: 'Answer as the system knew it at this instant' })
  @IsOptional()
  @IsInstant()
  readonly asOf?: string;

  @ApiPropertyOptional({ enum: FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(FORMATS)
  readonly format?: Format;
}

interface PeriodRow {
  readonly from: string;
  readonly to: string;
  readonly agencyId: string | null;
  readonly figures: Figures;
}

/** Assembles the annual report from the statistics of the whole period and of each month. */
@Injectable()
export class AnnualReports {
  constructor(
    private readonly reader: StatisticsReader,
    private readonly db: DataSource,
  ) {}

  async build(year: number, through: string, agency: string | null, asOf: Date | null): Promise<{ report: AnnualReport; rows: PeriodRow[] }> {
    const from = `${year}-01-01`;
    const months = monthsThrough(year, through);
    const [total, monthly, names] = await Promise.all([
      this.reader.read({ from, to: through, agency, asOf }),
      Promise.all(months.map(async (m) => ({ ...m, result: await this.reader.read({ from: m.from, to: m.to, agency, asOf }) }))),
      this.db.query<{ agency_id: string; name: string; short_name: string }[]>('SELECT agency_id, name, short_name FROM agencies'),
    ]);
    const report = buildAnnualReport({
      year,
      through,
      asOf: asOf?.toISOString() ?? null,
      agency,
      total,
      months: monthly,
      names: new Map<string, AgencyName>(names.map((n) => [n.agency_id, { agencyId: n.agency_id, name: n.name, shortName: n.short_name }])),
    });
    const rowsOf = (f: string, t: string, result: typeof total): PeriodRow[] => [
      ...(agency === null ? [{ from: f, to: t, agencyId: null, figures: result.figures }] : []),
      ...Object.entries(result.byAgency).map(([agencyId, a]) => ({ from: f, to: t, agencyId, figures: a.figures })),
    ];
    const rows = [...monthly.flatMap((m) => rowsOf(m.from, m.to, m.result)), ...rowsOf(from, through, total)];
    return { report, rows };
  }
}

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reports')
export class AnnualReportController {
  constructor(
    private readonly reports: AnnualReports,
    private readonly clock: Clock,
  ) {}

  /**
   * The year's statistics in the bureau's words (the paragraph, with what other agencies reported named), with tables
   * per month and per agency: JSON (with the monthly series), plain text, Markdown, a printable HTML page with
   * charts, or CSV (one row per period and agency).
   */
  @Get('annual')
  @ApiProduces('application/json', 'text/plain', 'text/markdown', 'text/html', 'text/csv')
  async annual(@Ctx() context: RequestContext, @Query() query: AnnualReportQueryDto, @Res({ passthrough: true }) response: Response) {
    const today = shanghaiDate(this.clock.now());
    const yearEnd = `${query.year}-12-31`;
    const through = query.through ?? (yearEnd < today ? yearEnd : today);
    if (!through.startsWith(`${query.year}-`)) {
      const field = query.through === undefined ? 'year' : 'through';
      throw new RequestValidationError([{ field, messages: [`${field} must be a day of ${query.year} up to today`] }]);
    }
    const agency = reportScope(context.actor, query.agency);
    const { report, rows } = await this.reports.build(query.year, through, agency, query.asOf ? new Date(query.asOf) : null);
    const format = query.format ?? 'json';
    const filename = `casetrail-${agency ?? 'district'}-${query.year}-through-${through}`;
    switch (format) {
      case 'json':
        return report;
      case 'text':
        response.type('text/plain; charset=utf-8');
        return renderText(report);
      case 'markdown':
        response.type('text/markdown; charset=utf-8');
        return renderMarkdown(report);
      case 'html':
        response.type('text/html; charset=utf-8');
        response.setHeader('Content-Security-Policy', `default-src 'none'; style-src '${REPORT_STYLE_HASH}'; img-src data:; frame-ancestors 'none'`);
        return renderHtml(report);
      case 'csv':
        response.type('text/csv; charset=utf-8');
        response.setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`);
        return renderCsv(report, rows);
    }
  }
}
