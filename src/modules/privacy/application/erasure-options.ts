export const ERASURE_OPTIONS = Symbol('ERASURE_OPTIONS');

export interface ErasureOptions {
  /** How long a user's own request waits (and may be cancelled) before it runs. */
  gracePeriodMs: number;
  /** Names who signs certificates (the token issuer, whose JWKS verifies them). */
  issuer: string;
}
