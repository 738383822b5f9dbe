/**
 * Stored events are never rewritten. When an event type's data changes shape, its schema version goes up and an
 * upcaster turns the older data into the newer on read, one version step at a time.
 */
export type Upcast = (data: unknown) => unknown;

export class UpcasterRegistry {
  private readonly steps = new Map<string, Upcast>();

  private static key(type: string, fromVersion: number): string {
    return `${type}@${fromVersion}`;
  }

  /** Registers the step from `fromVersion` to `fromVersion + 1` of `type`. */
  register(type: string, fromVersion: number, upcast: Upcast): this {
    const key = UpcasterRegistry.key(type, fromVersion);
    if (this.steps.has(key)) throw new Error(`An upcaster for ${key} is already registered`);
    this.steps.set(key, upcast);
    return this;
  }

  upcast(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let step = this.steps.get(UpcasterRegistry.key(type, version)); step; ) {
      current = step(current);
      version += 1;
      step = this.steps.get(UpcasterRegistry.key(type, version));
    }
    return { schemaVersion: version, data: current };
  }
}
