import { InvalidWebhookPayloadError } from './documents.errors';

/** The verification providers whose webhooks the service receives (spec 000). */
export const WEBHOOK_PROVIDERS = ['trustlayer', 'veriforce', 'plaid'] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

/** What a provider's delivery says, in our terms. */
export interface VerificationNotice {
  subject:
    | { kind: 'insurance-policy'; policyId: string }
    | { kind: 'bank-account'; plaidAccountId: string };
  result: 'verified' | 'failed';
  reason: string | null;
}

/** How a stored payload was applied: the first time and on every replay. */
export type PayloadOutcome = 'applied' | 'already-applied' | 'unmatched' | 'ignored';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACCOUNT = /^[A-Za-z0-9_-]{1,200}$/;

function object(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidWebhookPayloadError(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000)
    throw new InvalidWebhookPayloadError(`${what} must be a non-empty string`);
  if (pattern && !pattern.test(value)) throw new InvalidWebhookPayloadError(`${what} is malformed`);
  return value;
}

const optionalText = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, 1000) : null;

/**
 * TrustLayer: `{ event: 'policy.verified' | 'policy.rejected', data: { external_reference:
 * <our policy id>, reason? } }`. Veriforce: `{ eventType: 'COMPLIANCE_STATUS_CHANGED',
 * payload: { clientReference: <our policy id>, status: 'COMPLIANT' | 'NON_COMPLIANT', notes? } }`.
 * Plaid (Auth): `{ webhook_type: 'AUTH', webhook_code: 'AUTOMATICALLY_VERIFIED' |
 * 'VERIFICATION_EXPIRED', account_id }`. Other event kinds are stored and ignored (null).
 */
export function readVerificationNotice(
  provider: WebhookProvider,
  body: unknown,
): VerificationNotice | null {
  const root = object(body, 'The payload');
  switch (provider) {
    case 'trustlayer': {
      const event = text(root.event, 'event');
      if (event !== 'policy.verified' && event !== 'policy.rejected') return null;
      const data = object(root.data, 'data');
      return {
        subject: {
          kind: 'insurance-policy',
          policyId: text(data.external_reference, 'data.external_reference', UUID),
        },
        result: event === 'policy.verified' ? 'verified' : 'failed',
        reason: optionalText(data.reason),
      };
    }
    case 'veriforce': {
      if (text(root.eventType, 'eventType') !== 'COMPLIANCE_STATUS_CHANGED') return null;
      const payload = object(root.payload, 'payload');
      const status = text(payload.status, 'payload.status');
      if (status !== 'COMPLIANT' && status !== 'NON_COMPLIANT')
        throw new InvalidWebhookPayloadError('payload.status must be COMPLIANT or NON_COMPLIANT');
      return {
        subject: {
          kind: 'insurance-policy',
          policyId: text(payload.clientReference, 'payload.clientReference', UUID),
        },
        result: status === 'COMPLIANT' ? 'verified' : 'failed',
        reason: optionalText(payload.notes),
      };
    }
    case 'plaid': {
      if (text(root.webhook_type, 'webhook_type') !== 'AUTH') return null;
      const code = text(root.webhook_code, 'webhook_code');
      if (code !== 'AUTOMATICALLY_VERIFIED' && code !== 'VERIFICATION_EXPIRED') return null;
      return {
        subject: {
          kind: 'bank-account',
          plaidAccountId: text(root.account_id, 'account_id', ACCOUNT),
        },
        result: code === 'AUTOMATICALLY_VERIFIED' ? 'verified' : 'failed',
        reason: code === 'VERIFICATION_EXPIRED' ? 'The provider let the verification expire' : null,
      };
    }
  }
}
