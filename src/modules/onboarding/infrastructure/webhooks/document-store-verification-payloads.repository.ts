import { Injectable } from '@nestjs/common';
import { DocumentStore } from '@opsledger/document-store';
import {
  StoredVerificationPayload,
  VerificationPayloads,
} from '../../application/verification-payloads.port';

/** Spec 000's collection name. */
export const VERIFICATION_PAYLOADS_COLLECTION = 'verification_payloads';

/**
 * The document store's `verification_payloads`. The id is derived from provider and delivery
 * id, so storing a delivery is also the replay check: `insertIfAbsent` is atomic in both
 * adapters (PostgreSQL primary key, MongoDB `_id`), across tenants and instances.
 */
@Injectable()
export class DocumentStoreVerificationPayloadsRepository extends VerificationPayloads {
  constructor(private readonly store: DocumentStore) {
    super();
  }

  insertIfAbsent(payload: StoredVerificationPayload): Promise<boolean> {
    return this.store.insertIfAbsent(VERIFICATION_PAYLOADS_COLLECTION, payload.id, payload, {
      tenantId: payload.tenantId,
    });
  }

  async get(tenantId: string, id: string): Promise<StoredVerificationPayload | null> {
    const found = await this.store.get<StoredVerificationPayload>(
      VERIFICATION_PAYLOADS_COLLECTION,
      id,
    );
    return found && found.tenantId === tenantId ? found : null;
  }

  replace(payload: StoredVerificationPayload): Promise<void> {
    return this.store.upsert(VERIFICATION_PAYLOADS_COLLECTION, payload.id, payload, {
      tenantId: payload.tenantId,
    });
  }

  listByContractor(
    tenantId: string,
    contractorId: string,
    opts: { limit: number; cursor?: string },
  ): Promise<{ items: StoredVerificationPayload[]; nextCursor: string | null }> {
    return this.store.find<StoredVerificationPayload>(VERIFICATION_PAYLOADS_COLLECTION, {
      filter: { tenantId, contractorId },
      sort: { field: 'createdAt', direction: 'desc' },
      limit: opts.limit,
      cursor: opts.cursor ?? null,
    });
  }
}
