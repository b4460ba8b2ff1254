import { randomBytes } from 'node:crypto';

export type ActionPurpose = 'email_verification' | 'password_reset' | 'invitation';

export const ACTION_TOKEN_TTL_MS: Record<ActionPurpose, number> = {
  email_verification: 24 * 3_600_000,
  password_reset: 3_600_000,
  invitation: 7 * 24 * 3_600_000,
};

/** A new token's secret: 32 random bytes, base64url; only its SHA-256 is ever stored. */
export const newActionToken = (): string => randomBytes(32).toString('base64url');

/**
 * Port: single-use, expiring tokens for email verification, password reset and invitations,
 * stored as SHA-256 only. Issuing a new token of a purpose retires the older ones of that
 * user; consuming one marks it used in the caller's transaction.
 */
export abstract class ActionTokens {
  abstract issue(
    userId: string,
    purpose: ActionPurpose,
    now?: Date,
  ): Promise<{ token: string; expiresAt: Date }>;
  /** Marks the token used and answers its user, or throws `InvalidActionTokenError`. */
  abstract consume(token: string, purpose: ActionPurpose): Promise<string>;
}
