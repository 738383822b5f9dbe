import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { PROJECTION_MARK, type Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';

export class DuplicateProjectionError extends Error {
  constructor(
    readonly projection: string,
    readonly classes: readonly [string, string],
  ) {
    super(`projection name "${projection}" is claimed by both ${classes[0]} and ${classes[1]}: give one of them another name`);
    this.name = 'DuplicateProjectionError';
  }
}

interface Found {
  readonly projection: Projection;
  readonly className: string;
}

/**
 * The projections among the providers, in the order Nest discovered them, once each: a provider exported to or
 * aliased in another module is the same instance and counts once; two instances that claim one name are an error.
 */
export function discoverProjections(discovery: DiscoveryService): Projection[] {
  const byName = new Map<string, Found>();
  // All providers, then the marked ones: asked by mark, Nest lists them in the order they happened to be
  // instantiated; module by module, the order is the same on every start.
  for (const wrapper of discovery.getProviders()) {
    // Request-scoped providers have no instance here, value providers may be null or primitives: none is marked.
    if (typeof wrapper.instance !== 'object' || wrapper.instance === null) continue;
    if (!discovery.getMetadataByDecorator(PROJECTION_MARK, wrapper)) continue;
    const projection = wrapper.instance as Projection;
    const className = projection.constructor.name;
    const known = byName.get(projection.name);
    if (known?.projection === projection) continue;
    if (known) throw new DuplicateProjectionError(projection.name, [known.className, className]);
    byName.set(projection.name, { projection, className });
  }
  return [...byName.values()].map((found) => found.projection);
}

/**
 * Hands every discovered projection to the runner during module initialisation: after every provider exists, before
 * bootstrap starts the runner, and also for the CLI's rebuild, which initialises the modules without bootstrapping.
 */
@Injectable()
export class ProjectionDiscovery implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly runner: ProjectionRunner,
  ) {}

  onModuleInit(): void {
    for (const projection of discoverProjections(this.discovery)) this.runner.register(projection);
  }
}
