import { Module } from '@nestjs/common';
import { SealLedgerHandler } from './application/commands/seal-ledger/seal-ledger.handler';
import { AuditTrailProjection } from './application/projections/audit-trail.projection';
import { AuditTrailReader } from './application/queries/audit-trail.reader';
import { ResourceAuditTrailReader } from './application/queries/resource-audit-trail.reader';
import { AuditTrailWriter } from './application/audit-trail-writer.port';
import { ExportLedgerHandler } from './application/queries/export-ledger/export-ledger.handler';
import { LedgerSnapshotSource } from './application/queries/export-ledger/ledger-snapshot.port';
import { GetResourceHistoryHandler } from './application/queries/get-resource-history/get-resource-history.handler';
import { LedgerReader } from './application/queries/ledger.reader';
import { ListAuditEventsHandler } from './application/queries/list-audit-events/list-audit-events.handler';
import { ListAuditLogsHandler } from './application/queries/list-audit-logs/list-audit-logs.handler';
import { ListSealsHandler } from './application/queries/list-seals/list-seals.handler';
import { VerifyLedgerHandler } from './application/queries/verify-ledger/verify-ledger.handler';
import { IncrementalLedgerVerifier } from './application/verification/incremental-ledger-verifier';
import { LedgerVerifier } from './application/verification/ledger-verifier';
import { LedgerSealRepository } from './domain/ledger-seal.repository';
import { SealVerificationRepository } from './domain/seal-verification.repository';
import { SealSigner } from './domain/seal-signer.port';
import { AuditTrailController } from './api/audit-trail.controller';
import { LedgerController } from './api/ledger.controller';
import { SealScheduler } from './infrastructure/scheduling/seal.scheduler';
import { KeyStoreSealSigner } from './infrastructure/security/key-store-seal.signer';
import { SqlAuditTrailErasureParticipant } from './infrastructure/typeorm/sql-audit-trail-erasure.participant';
import { SqlAuditTrailRetentionRule } from './infrastructure/typeorm/sql-audit-trail-retention.rule';
import { SqlAuditTrailReader } from './infrastructure/typeorm/sql-audit-trail.reader';
import { SqlResourceAuditTrailReader } from './infrastructure/typeorm/sql-resource-audit-trail.reader';
import { SqlAuditTrailWriter } from './infrastructure/typeorm/sql-audit-trail.writer';
import { SqlLedgerSealRepository } from './infrastructure/typeorm/sql-ledger-seal.repository';
import { SqlSealVerificationRepository } from './infrastructure/typeorm/sql-seal-verification.repository';
import { SqlLedgerSnapshotSource } from './infrastructure/typeorm/sql-ledger-snapshot.source';
import { SqlLedgerReader } from './infrastructure/typeorm/sql-ledger.reader';

const projections = [AuditTrailProjection];

const commandHandlers = [SealLedgerHandler];

const queryHandlers = [
  ListAuditEventsHandler,
  GetResourceHistoryHandler,
  ListAuditLogsHandler,
  VerifyLedgerHandler,
  ExportLedgerHandler,
  ListSealsHandler,
];

const ports = [
  { provide: AuditTrailReader, useClass: SqlAuditTrailReader },
  { provide: ResourceAuditTrailReader, useClass: SqlResourceAuditTrailReader },
  { provide: AuditTrailWriter, useClass: SqlAuditTrailWriter },
  { provide: LedgerReader, useClass: SqlLedgerReader },
  { provide: LedgerSnapshotSource, useClass: SqlLedgerSnapshotSource },
  { provide: LedgerSealRepository, useClass: SqlLedgerSealRepository },
  { provide: SealVerificationRepository, useClass: SqlSealVerificationRepository },
  { provide: SealSigner, useClass: KeyStoreSealSigner },
];

const services = [LedgerVerifier, IncrementalLedgerVerifier];

const schedulers = [SealScheduler];

/** The trail's part in erasure and retention. */
const dataLifecycle = [SqlAuditTrailErasureParticipant, SqlAuditTrailRetentionRule];

/**
 * The auditors' view of the platform: the audit-trail projection, ledger verification and
 * export, and the signed seals that make removals from the ledger detectable.
 */
@Module({
  controllers: [AuditTrailController, LedgerController],
  providers: [
    ...projections,
    ...commandHandlers,
    ...queryHandlers,
    ...services,
    ...ports,
    ...schedulers,
    ...dataLifecycle,
  ],
  exports: [ResourceAuditTrailReader],
})
export class AuditModule {}
