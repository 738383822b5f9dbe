import type { NestExpressApplication } from '@nestjs/platform-express';

export interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
}

interface Layer {
  readonly route?: { readonly path: unknown; readonly methods?: Record<string, boolean> };
}

/**
 * Every route the running application answers, read from Express's router (what Nest registered, after the global
 * prefix and its exclusions), as `METHOD path` with Express's parameter syntax.
 */
export function registeredRoutes(app: NestExpressApplication): RegisteredRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const routes = new Map<string, RegisteredRoute>();
  for (const layer of express.router.stack) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    const methods = Object.entries(layer.route.methods ?? {});
    // Nest answers every method of a path excluded from the global prefix with its 404 handler: not a route.
    if (methods.length > 10) continue;
    for (const [method, on] of methods) {
      if (!on || method === '_all') continue;
      const route = { method: method.toUpperCase(), path: layer.route.path };
      routes.set(`${route.method} ${route.path}`, route);
    }
  }
  return [...routes.values()];
}

export const routeKey = (route: RegisteredRoute): string => `${route.method} ${route.path}`;

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
