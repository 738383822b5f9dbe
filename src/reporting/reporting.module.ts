import { Module } from '@nestjs/common';
import { AnnualReportController, AnnualReports } from './annual/annual-report.http.controller.js';
import { StatisticsController } from './statistics.http.controller.js';
import { StatisticsProjection } from './statistics.projection.js';
import { StatisticsReader } from './statistics.query.js';
import { SubmissionsInForceReader } from './submissions/submissions-in-force.query.js';
import { FiguresSubmissionsController, FiguresSubmitter } from './submissions/submit-figures.js';

/** Enforcement statistics for any period, per agency and district-wide, from the `statistics` projection. */
@Module({
  controllers: [StatisticsController, FiguresSubmissionsController, AnnualReportController],
  providers: [StatisticsProjection, StatisticsReader, SubmissionsInForceReader, FiguresSubmitter, AnnualReports],
})
export class ReportingModule {}
