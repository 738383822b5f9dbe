import { describe, expect, it } from '@jest/globals';
import { Injectable, Module, type Type } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Projection } from './projection.js';
import { DuplicateProjectionError, discoverProjections } from './projection-discovery.js';

function projectionNamed(name: string): Type<Projection> {
  @Projection()
  @Injectable()
  class Named implements Projection {
    readonly name = name;
    readonly eventTypes = null;
    async apply(): Promise<void> {}
    async reset(): Promise<void> {}
  }
  return Named;
}

@Projection()
class Ledger implements Projection {
  readonly name = 'ledger';
  readonly eventTypes = null;
  async apply(): Promise<void> {}
  async reset(): Promise<void> {}
}

@Injectable()
class NotAProjection {
  readonly name = 'cases';
}

async function discovered(...modules: Type[]): Promise<string[]> {
  const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule, ...modules] }).compile();
  try {
    return discoverProjections(moduleRef.get(DiscoveryService)).map((projection) => projection.name);
  } finally {
    await moduleRef.close();
  }
}

describe('discoverProjections', () => {
  it('finds marked class and factory providers, in module order, and nothing unmarked', async () => {
    const Cases = projectionNamed('cases');
    const Deadlines = projectionNamed('deadlines');
    const Recomputer = projectionNamed('deadline-recomputer');
    @Module({ providers: [{ provide: 'LEDGER', useFactory: () => new Ledger() }, { provide: 'NOTHING', useValue: null }] })
    class Store {}
    @Module({ providers: [Cases, NotAProjection] })
    class CasesModule {}
    @Module({ providers: [Deadlines, Recomputer] })
    class DeadlinesModule {}
    expect(await discovered(Store, CasesModule, DeadlinesModule)).toEqual(['ledger', 'cases', 'deadlines', 'deadline-recomputer']);
  });

  it('counts a projection once when another module aliases or re-exports it', async () => {
    const Cases = projectionNamed('cases');
    @Module({ providers: [Cases, { provide: 'ALIAS', useExisting: Cases }], exports: [Cases] })
    class CasesModule {}
    @Module({ imports: [CasesModule], exports: [CasesModule] })
    class Reexporting {}
    expect(await discovered(CasesModule, Reexporting)).toEqual(['cases']);
  });

  it('fails on two projections of one name, naming both classes', async () => {
    @Projection()
    @Injectable()
    class CaseSummaries implements Projection {
      readonly name = 'case-summaries';
      readonly eventTypes = null;
      async apply(): Promise<void> {}
      async reset(): Promise<void> {}
    }
    @Projection()
    @Injectable()
    class CaseList implements Projection {
      readonly name = 'case-summaries';
      readonly eventTypes = null;
      async apply(): Promise<void> {}
      async reset(): Promise<void> {}
    }
    @Module({ providers: [CaseSummaries] })
    class First {}
    @Module({ providers: [CaseList] })
    class Second {}
    const failure = discovered(First, Second);
    await expect(failure).rejects.toThrow(DuplicateProjectionError);
    await expect(failure).rejects.toThrow('projection name "case-summaries" is claimed by both CaseSummaries and CaseList');
  });
});
