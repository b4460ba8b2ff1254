import { Inject, Injectable } from '@nestjs/common';
import { DocumentStore } from '@opsledger/document-store';
import { ObjectStorage } from '@opsledger/object-storage';
import { before, RetentionRule } from '@opsledger/personal-data';
import { DOCUMENT_SETTINGS, DocumentSettings } from '../../application/document-settings';
import { ContractorDocumentRepository } from '../../domain/contractor-document.repository';
import {
  DOCUMENTS_COLLECTION,
  StoredDocument,
} from './document-store-contractor-document.repository';

/**
 * Spec 000: documents are kept for their compliance window, then deleted with what was derived
 * from them (the OCR text and findings live in the same record). The bytes go first, then the
 * record with a `deleted` ledger event: a pass cut short leaves a record whose bytes are gone,
 * which the next pass finishes (deleting a missing object succeeds). The rule's advisory lock
 * keeps passes from overlapping; the document store has no row locks to skip.
 */
@Injectable()
export class DocumentOnboardingDocumentRetentionRule extends RetentionRule {
  readonly name = 'onboarding.documents';
  readonly store = 'document-store' as const;
  readonly location = DOCUMENTS_COLLECTION;

  constructor(
    private readonly store_: DocumentStore,
    private readonly storage: ObjectStorage,
    private readonly documents: ContractorDocumentRepository,
    @Inject(DOCUMENT_SETTINGS) private readonly settings: DocumentSettings,
  ) {
    super();
  }

  get policy(): string {
    return `Onboarding documents (file, OCR text and findings): deleted ${this.settings.retentionDays} days after upload`;
  }

  cutoff(now: Date): Date {
    return before.days(now, this.settings.retentionDays);
  }

  countDue(cutoff: Date): Promise<number> {
    return this.store_.count(DOCUMENTS_COLLECTION, { createdAt: { lt: cutoff.toISOString() } });
  }

  async removeDue(cutoff: Date, limit: number): Promise<number> {
    const page = await this.store_.find<StoredDocument>(DOCUMENTS_COLLECTION, {
      filter: { createdAt: { lt: cutoff.toISOString() } },
      limit: Math.min(limit, 1000),
    });
    let removed = 0;
    for (const stored of page.items) {
      await this.storage.delete(stored.s3Key);
      const document = await this.documents.findById(stored.tenantId, stored.id);
      if (!document) continue;
      document.delete('retention');
      await this.documents.save(document);
      removed++;
    }
    return removed;
  }
}
