import { Module } from '@nestjs/common';
import { StatisticsController } from './statistics.http.controller.js';
import { StatisticsProjection } from './statistics.projection.js';
import { StatisticsReader } from './statistics.query.js';

/** Enforcement statistics for any period, per agency and district-wide, from the `statistics` projection. */
@Module({
  controllers: [StatisticsController],
  providers: [StatisticsProjection, StatisticsReader],
})
export class ReportingModule {}
