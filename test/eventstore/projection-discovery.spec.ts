import { describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { Projection } from '../../src/eventstore/projections/projection.js';
import { ProjectionRunner } from '../../src/eventstore/projections/projection-runner.js';
import { startTestApp } from '../support/app.js';

/** Every projection the application had when each module still registered its own by hand. */
const KNOWN_PROJECTIONS = [
  'alert-webhook',
  'alerts',
  'calendar-notices',
  'case-summaries',
  'credit-platform',
  'deadline-recomputer',
  'deadline-scheduler',
  'deadlines',
  'identity',
  'log-ledger',
  'personal-data-erasures',
  'planning',
  'public-bulletins',
  'publication-preparer',
  'publications',
  'review-queue',
  'statistics',
];

@Projection()
@Injectable()
class RivalCaseSummaries implements Projection {
  readonly name = 'case-summaries';
  readonly eventTypes = ['CaseOpened'];
  async apply(): Promise<void> {}
  async reset(): Promise<void> {}
}

@Module({ providers: [RivalCaseSummaries] })
class RivalModule {}

describe('projection discovery', () => {
  it('finds every projection of the application, and offers all but the ledger for a rebuild', async () => {
    const t = await startTestApp();
    try {
      const runner = t.app.get(ProjectionRunner);
      expect([...runner.names()].sort()).toEqual(KNOWN_PROJECTIONS);
      // The ledger and the erasure reactor keep their place in the log: a replay would sign or rebuild again.
      const kept = new Set(['log-ledger', 'personal-data-erasures']);
      expect([...runner.names({ rebuildable: true })].sort()).toEqual(KNOWN_PROJECTIONS.filter((name) => !kept.has(name)));
      const health = await t.http().get('/api/health').expect(200);
      const reported = (health.body as { projections: { name: string }[] }).projections.map((p) => p.name);
      expect(reported.sort()).toEqual(KNOWN_PROJECTIONS);
    } finally {
      await t.close();
    }
  });

  it('refuses to start when two projections claim one name, naming both classes', async () => {
    await expect(startTestApp({ extraModules: [RivalModule] })).rejects.toThrow(
      /projection name "case-summaries" is claimed by both (CaseSummariesProjection and RivalCaseSummaries|RivalCaseSummaries and CaseSummariesProjection)/,
    );
  });
});
