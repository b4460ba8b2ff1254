import type {
  PayloadOutcome,
  VerificationNotice,
  WebhookProvider,
} from '../domain/verification-payload';

/** Where a notice's policy or bank account is: found across tenants, from our own records. */
export interface LocatedSubject {
  tenantId: string;
  contractorId: string;
  kind: 'insurance-policy' | 'bank-account';
  id: string;
}

/** Port: resolves a provider's reference to our row, in the system scope (no tenant yet). */
export abstract class VerificationSubjects {
  abstract locate(subject: VerificationNotice['subject']): Promise<LocatedSubject | null>;
}

/** Spec 000 `verification_payloads`: every signed delivery, kept for audit and replay. */
export interface StoredVerificationPayload {
  id: string;
  provider: WebhookProvider;
  deliveryId: string;
  tenantId: string | null;
  contractorId: string | null;
  subject: { kind: 'insurance-policy' | 'bank-account'; id: string } | null;
  body: unknown;
  signedAt: string;
  createdAt: string;
  outcome: PayloadOutcome;
  appliedAt: string;
  replays: Array<{ at: string; by: string | null; outcome: PayloadOutcome }>;
}

/** Port: the `verification_payloads` collection. */
export abstract class VerificationPayloads {
  /** Stores a new delivery; false when one with this id exists (a replayed delivery). */
  abstract insertIfAbsent(payload: StoredVerificationPayload): Promise<boolean>;
  abstract get(tenantId: string, id: string): Promise<StoredVerificationPayload | null>;
  abstract replace(payload: StoredVerificationPayload): Promise<void>;
  abstract listByContractor(
    tenantId: string,
    contractorId: string,
    opts: { limit: number; cursor?: string },
  ): Promise<{ items: StoredVerificationPayload[]; nextCursor: string | null }>;
}
