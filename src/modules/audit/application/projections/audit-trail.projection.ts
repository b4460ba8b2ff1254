import { Injectable, OnModuleInit } from '@nestjs/common';
import { DocumentStore } from '@opsledger/document-store';
import { Projection, ProjectionRunner, StoredEvent } from '@opsledger/event-store';
import { auditEntryOf } from '../../domain/audit-entry';

/** The projection's name, which is also its document collection. */
export const AUDIT_TRAIL = 'audit_trail';

/**
 * One audit entry per ledger event, keyed by event id. Ledger events never change, so an
 * entry that exists is already right: a replayed batch inserts nothing twice.
 */
@Injectable()
export class AuditTrailProjection implements Projection, OnModuleInit {
  readonly name = AUDIT_TRAIL;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly documents: DocumentStore,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    for (const event of events) {
      await this.documents.insertIfAbsent(AUDIT_TRAIL, event.eventId, auditEntryOf(event), {
        tenantId: event.tenantId,
      });
    }
  }

  async reset(): Promise<void> {
    await this.documents.deleteMany(AUDIT_TRAIL);
  }
}
