import { Injectable } from '@nestjs/common';
import { LoginThrottle } from '../../application/login-throttle.port';

/** One process's counters: right for a single instance and for tests. */
@Injectable()
export class MemoryLoginThrottle extends LoginThrottle {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  blockedFor(key: string, limit: number): Promise<number> {
    const window = this.live(key);
    return Promise.resolve(
      window && window.count >= limit ? Math.ceil((window.resetAt - Date.now()) / 1000) : 0,
    );
  }

  fail(key: string, windowSeconds: number): Promise<number> {
    const window = this.live(key) ?? { count: 0, resetAt: Date.now() + windowSeconds * 1000 };
    window.count += 1;
    this.windows.set(key, window);
    return Promise.resolve(window.count);
  }

  reset(key: string): Promise<void> {
    this.windows.delete(key);
    return Promise.resolve();
  }

  private live(key: string): { count: number; resetAt: number } | undefined {
    const window = this.windows.get(key);
    if (window && window.resetAt <= Date.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
