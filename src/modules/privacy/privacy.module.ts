import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AUTH_OPTIONS, AuthOptions } from '@opsledger/auth';
import { registerConstraintField } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { IdentityModule } from '../identity/identity.public';
import { CancelErasureHandler } from './application/commands/cancel-erasure/cancel-erasure.handler';
import { RequestErasureHandler } from './application/commands/request-erasure/request-erasure.handler';
import { ErasureJobClaims } from './application/erasure-job.claims';
import { ERASURE_OPTIONS, ErasureOptions } from './application/erasure-options';
import { ErasureParticipants } from './application/erasure-participants';
import { ErasureJob } from './application/erasure.job';
import { ErasureScheduler } from './application/erasure.scheduler';
import { ErasureRequestReader } from './application/queries/erasure-request.reader';
import { GetErasureRequestHandler } from './application/queries/get-erasure-request/get-erasure-request.handler';
import { ListErasureRequestsHandler } from './application/queries/list-erasure-requests/list-erasure-requests.handler';
import { CertificateSigner } from './domain/certificate-signer.port';
import { ErasureRequestRepository } from './domain/erasure-request.repository';
import { ErasureRequestsController } from './api/erasure-requests.controller';
import { MyErasureRequestController } from './api/my-erasure-request.controller';
import { RetentionController } from './api/retention.controller';
import { SweepRetentionHandler } from './application/commands/sweep-retention/sweep-retention.handler';
import { GetRetentionReportHandler } from './application/queries/get-retention-report/get-retention-report.handler';
import { RetentionReportReader } from './application/queries/retention-report.reader';
import { RetentionRules } from './application/retention-rules';
import { RetentionJob } from './application/retention.job';
import { RetentionScheduler } from './application/retention.scheduler';
import { RetentionRunRepository } from './domain/retention-run.repository';
import { SqlFinishedJobRetentionRule } from './infrastructure/retention/sql-finished-job-retention.rule';
import { SqlIdempotencyRecordRetentionRule } from './infrastructure/retention/sql-idempotency-record-retention.rule';
import { SqlRetentionReportReader } from './infrastructure/typeorm/sql-retention-report.reader';
import { SqlRetentionRunRepository } from './infrastructure/typeorm/sql-retention-run.repository';
import { KeyStoreCertificateSigner } from './infrastructure/security/key-store-certificate.signer';
import { SqlErasureJobClaims } from './infrastructure/typeorm/sql-erasure-job.claims';
import { SqlErasureRequestReader } from './infrastructure/typeorm/sql-erasure-request.reader';
import { SqlErasureRequestRepository } from './infrastructure/typeorm/sql-erasure-request.repository';
import { SqlIdempotencyRecordErasureParticipant } from './infrastructure/typeorm/sql-idempotency-record-erasure.participant';

registerConstraintField('uq_erasure_requests_open_user', 'userId');

const commandHandlers = [RequestErasureHandler, CancelErasureHandler, SweepRetentionHandler];

const queryHandlers = [
  GetErasureRequestHandler,
  ListErasureRequestsHandler,
  GetRetentionReportHandler,
];

const ports = [
  { provide: ErasureRequestRepository, useClass: SqlErasureRequestRepository },
  { provide: ErasureRequestReader, useClass: SqlErasureRequestReader },
  { provide: ErasureJobClaims, useClass: SqlErasureJobClaims },
  { provide: CertificateSigner, useClass: KeyStoreCertificateSigner },
  { provide: RetentionRunRepository, useClass: SqlRetentionRunRepository },
  { provide: RetentionReportReader, useClass: SqlRetentionReportReader },
];

const jobs = [
  ErasureParticipants,
  ErasureJob,
  ErasureScheduler,
  RetentionRules,
  RetentionJob,
  RetentionScheduler,
];

/** The platform's own stores' part of an erasure; each context lists its own participant. */
const participants = [SqlIdempotencyRecordErasureParticipant];

/** The platform's own retention rules; each context lists its own. */
const retentionRules = [SqlIdempotencyRecordRetentionRule, SqlFinishedJobRetentionRule];

/**
 * Right to erasure (issue 12): requests with a grace period, the job that runs them through
 * every context's ErasureParticipant, and the signed certificate it ends with. Retention: the
 * job that applies every context's RetentionRule, and the auditors' report.
 */
@Module({
  imports: [DiscoveryModule, IdentityModule],
  controllers: [ErasureRequestsController, MyErasureRequestController, RetentionController],
  providers: [
    {
      provide: ERASURE_OPTIONS,
      inject: [APP_CONFIG, AUTH_OPTIONS],
      useFactory: (config: AppConfig, auth: AuthOptions): ErasureOptions => ({
        gracePeriodMs: config.ERASURE_GRACE_PERIOD_HOURS * 60 * 60 * 1000,
        issuer: auth.issuer,
      }),
    },
    ...commandHandlers,
    ...queryHandlers,
    ...ports,
    ...jobs,
    ...participants,
    ...retentionRules,
  ],
})
export class PrivacyModule {}
