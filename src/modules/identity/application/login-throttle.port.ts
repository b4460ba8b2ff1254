/** Port: counts failed logins per key in a fixed window (in-process, or Redis when configured). */
export abstract class LoginThrottle {
  /** Seconds until the key may try again, or 0 when it may try now. */
  abstract blockedFor(key: string, limit: number): Promise<number>;
  /** Records a failure; returns the failures counted in the window so far. */
  abstract fail(key: string, windowSeconds: number): Promise<number>;
  abstract reset(key: string): Promise<void>;
}
