import { Injectable } from '@nestjs/common';
import { DocumentStore } from '@opsledger/document-store';
import { ObjectStorage } from '@opsledger/object-storage';
import { Db } from '@opsledger/persistence';
import {
  ErasureDiscovery,
  ErasureParticipant,
  ErasureReceipt,
  ErasureWork,
} from '@opsledger/personal-data';
import { contractorObjectPrefix } from '../../application/commands/upload-document/upload-document.handler';
import { VERIFICATION_PAYLOADS_COLLECTION } from '../webhooks/document-store-verification-payloads.repository';
import { DOCUMENTS_COLLECTION } from './document-store-contractor-document.repository';

/**
 * Onboarding's files and provider payloads of an erased user's contractors: every object under
 * the contractor's prefix in object storage, their `documents` records (with the OCR text) and
 * their `verification_payloads`. The contractors' ledger keys (sealed file names, mismatches)
 * are shredded with the user's. Idempotent: a second run finds nothing left.
 */
@Injectable()
export class DocumentOnboardingDocumentsErasureParticipant extends ErasureParticipant {
  readonly name = 'onboarding-documents';
  // before identity (90) and before the contractor rows are gone: found through the user link
  override readonly order = 13;

  constructor(
    private readonly db: Db,
    private readonly store: DocumentStore,
    private readonly storage: ObjectStorage,
  ) {
    super();
  }

  override async discover(userId: string): Promise<ErasureDiscovery> {
    const rows = (await this.db.transaction(() =>
      this.db.manager.query(`SELECT id, tenant_id FROM contractor WHERE user_id = $1 ORDER BY id`, [
        userId,
      ]),
    )) as Array<{ id: string; tenant_id: string }>;
    return {
      subjects: rows.map((r) => ({ subjectId: r.id, kind: 'person' as const })),
      targets: rows.map((r) => ({ kind: 'contractor', id: r.id, tenantId: r.tenant_id })),
    };
  }

  async erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    let objects = 0;
    let documents = 0;
    let payloads = 0;
    const contractors = work.targets.filter((t) => t.kind === 'contractor' && t.tenantId);
    // a user who was never a contractor: nothing held here, nothing to certify
    if (contractors.length === 0) return [];
    for (const target of contractors) {
      objects += await this.storage.deletePrefix(
        contractorObjectPrefix(target.tenantId!, target.id),
      );
      documents += await this.store.deleteMany(DOCUMENTS_COLLECTION, { contractorId: target.id });
      payloads += await this.store.deleteMany(VERIFICATION_PAYLOADS_COLLECTION, {
        contractorId: target.id,
      });
    }
    return [
      { store: 'object-storage', location: 'onboarding/', action: 'deleted', count: objects },
      {
        store: 'document-store',
        location: DOCUMENTS_COLLECTION,
        action: 'deleted',
        count: documents,
      },
      {
        store: 'document-store',
        location: VERIFICATION_PAYLOADS_COLLECTION,
        action: 'deleted',
        count: payloads,
      },
    ];
  }
}
