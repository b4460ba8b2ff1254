import type { WebhookProvider } from '../domain/verification-payload';

/** Per-provider shared secrets (several while one is rotated) and the clock tolerance. */
export interface WebhookSettings {
  secrets: Record<WebhookProvider, string[]>;
  toleranceSeconds: number;
}

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');
