import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../shared/clock.js';
import { APP_CONFIG } from '../../shared/config/config.module.js';
import type { AppConfig } from '../../shared/config/config.js';

const WINDOW_MS = 60_000;
/** Bounds the memory a flood of addresses can take; past it the oldest windows are forgotten first. */
const MAX_TRACKED = 10_000;

interface Window {
  readonly startedAt: number;
  failures: number;
}

/**
 * Counts failed bearer verifications per client address in fixed one-minute windows; an address past the limit is
 * refused until its window ends, before its token is even looked at. In memory, per instance: behind a load
 * balancer each instance counts on its own, so a client gets at most the limit times the number of instances.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly limit: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.limit = config.authFailureLimit;
  }

  /** Seconds until the address may try again, or 0 when it may try now. */
  retryAfter(address: string): number {
    if (this.limit === 0) return 0;
    const window = this.current(address);
    if (!window || window.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - this.clock.now().getTime()) / 1000));
  }

  recordFailure(address: string): void {
    if (this.limit === 0) return;
    const window = this.current(address);
    if (window) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_TRACKED) this.forgetOldest();
    this.windows.set(address, { startedAt: this.clock.now().getTime(), failures: 1 });
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && window.startedAt + WINDOW_MS <= this.clock.now().getTime()) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private forgetOldest(): void {
    const now = this.clock.now().getTime();
    for (const [address, window] of this.windows) {
      if (window.startedAt + WINDOW_MS <= now) this.windows.delete(address);
    }
    // Insertion order is the order the windows started in.
    for (const address of this.windows.keys()) {
      if (this.windows.size < MAX_TRACKED) break;
      this.windows.delete(address);
    }
  }
}
