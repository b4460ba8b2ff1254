import { Injectable, OnModuleInit } from '@nestjs/common';
import { Projection, ProjectionRunner, StoredEvent } from '@opsledger/event-store';
import { auditEntryOf } from '../../domain/audit-entry';
import { AuditTrailWriter } from '../audit-trail-writer.port';

/** The projection's name, which is also its table. */
export const AUDIT_TRAIL = 'audit_trail';

/**
 * One audit entry per ledger event, keyed by event id. Ledger events never change, so an
 * entry that exists is already right: a replayed batch inserts nothing twice. A batch is
 * written in one statement, so a rebuild runs at the speed the ledger can be read.
 */
@Injectable()
export class AuditTrailProjection implements Projection, OnModuleInit {
  readonly name = AUDIT_TRAIL;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly writer: AuditTrailWriter,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    if (events.length > 0) await this.writer.insert(events.map((event) => auditEntryOf(event)));
  }

  reset(): Promise<void> {
    return this.writer.clear();
  }
}
