import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { RedisProgressCache } from './infrastructure/progress/redis-progress.cache';
import { SqlOnboardingErasureParticipant } from './infrastructure/erasure/sql-onboarding-erasure.participant';
import { AddLicenseHandler } from './application/commands/add-license/add-license.handler';
import { RemoveLicenseHandler } from './application/commands/remove-license/remove-license.handler';
import { VerifyLicenseHandler } from './application/commands/verify-license/verify-license.handler';
import { AddInsurancePolicyHandler } from './application/commands/add-insurance-policy/add-insurance-policy.handler';
import { RemoveInsurancePolicyHandler } from './application/commands/remove-insurance-policy/remove-insurance-policy.handler';
import { VerifyInsurancePolicyHandler } from './application/commands/verify-insurance-policy/verify-insurance-policy.handler';
import { AddBankAccountHandler } from './application/commands/add-bank-account/add-bank-account.handler';
import { RemoveBankAccountHandler } from './application/commands/remove-bank-account/remove-bank-account.handler';
import { VerifyBankAccountHandler } from './application/commands/verify-bank-account/verify-bank-account.handler';
import { GetLicenseHandler } from './application/queries/get-license/get-license.handler';
import { GetInsurancePolicyHandler } from './application/queries/get-insurance-policy/get-insurance-policy.handler';
import { GetBankAccountHandler } from './application/queries/get-bank-account/get-bank-account.handler';
import { GetComplianceHandler } from './application/queries/get-compliance/get-compliance.handler';
import { ComplianceItemsController } from './api/compliance-items.controller';
import { Module } from '@nestjs/common';
import { BankVerificationController } from './api/bank-verification.controller';
import { DocumentsController } from './api/documents.controller';
import { ConfirmMicroDepositsHandler } from './application/commands/confirm-micro-deposits/confirm-micro-deposits.handler';
import { SendMicroDepositsHandler } from './application/commands/send-micro-deposits/send-micro-deposits.handler';
import { MicroDepositHasher, MicroDepositTransfers } from './application/micro-deposits.port';
import { KeyStoreMicroDepositHasher } from './infrastructure/bank/key-store-micro-deposit.hasher';
import { MemoryMicroDepositTransfers } from './infrastructure/bank/memory-micro-deposit.transfers';
import { ProviderWebhooksController } from './api/provider-webhooks.controller';
import { VerificationPayloadsController } from './api/verification-payloads.controller';
import { ReceiveProviderWebhookHandler } from './application/commands/receive-provider-webhook/receive-provider-webhook.handler';
import { ReplayVerificationPayloadHandler } from './application/commands/replay-verification-payload/replay-verification-payload.handler';
import { ListVerificationPayloadsHandler } from './application/queries/list-verification-payloads/list-verification-payloads.handler';
import { VerificationNotices } from './application/verification-notices';
import {
  VerificationPayloads,
  VerificationSubjects,
} from './application/verification-payloads.port';
import { WEBHOOK_SETTINGS, WebhookSettings } from './application/webhook-settings';
import { DocumentStoreVerificationPayloadsRepository } from './infrastructure/webhooks/document-store-verification-payloads.repository';
import { SqlVerificationSubjectsReader } from './infrastructure/webhooks/sql-verification-subjects.reader';
import { ExtractDocumentTextHandler } from './application/commands/extract-document-text/extract-document-text.handler';
import { UploadDocumentHandler } from './application/commands/upload-document/upload-document.handler';
import { ContractorDirectory } from './application/document-access';
import { DOCUMENT_SETTINGS, DocumentSettings } from './application/document-settings';
import { DocumentsReader } from './application/queries/documents.reader';
import { GetDocumentContentHandler } from './application/queries/get-document-content/get-document-content.handler';
import { GetDocumentHandler } from './application/queries/get-document/get-document.handler';
import { ListDocumentsHandler } from './application/queries/list-documents/list-documents.handler';
import { ContractorDocumentRepository } from './domain/contractor-document.repository';
import { DocumentStoreContractorDocumentRepository } from './infrastructure/documents/document-store-contractor-document.repository';
import { DocumentStoreDocumentsReader } from './infrastructure/documents/document-store-documents.reader';
import { DocumentOnboardingDocumentRetentionRule } from './infrastructure/documents/document-onboarding-document-retention.rule';
import { DocumentOnboardingDocumentsErasureParticipant } from './infrastructure/documents/document-onboarding-documents-erasure.participant';
import { DocumentTextJob } from './infrastructure/documents/document-text.job';
import { SqlContractorDirectoryReader } from './infrastructure/documents/sql-contractor-directory.reader';
import { registerConstraintField } from '@opsledger/persistence';
import { ContractorsController } from './api/contractors.controller';
import { ApproveContractorHandler } from './application/commands/approve-contractor/approve-contractor.handler';
import { RegisterContractorHandler } from './application/commands/register-contractor/register-contractor.handler';
import { RejectContractorHandler } from './application/commands/reject-contractor/reject-contractor.handler';
import { SubmitOnboardingStepHandler } from './application/commands/submit-onboarding-step/submit-onboarding-step.handler';
import { RevealTaxIdHandler } from './application/commands/reveal-tax-id/reveal-tax-id.handler';
import { SetBusinessProfileHandler } from './application/commands/set-business-profile/set-business-profile.handler';
import { TaxIdCipher } from './application/tax-id-cipher.port';
import { GetBusinessProfileHandler } from './application/queries/get-business-profile/get-business-profile.handler';
import { BusinessProfileRepository } from './domain/business-profile.repository';
import { SqlBusinessProfileRepository } from './infrastructure/sql/sql-business-profile.repository';
import { AesGcmTaxIdCipher } from './infrastructure/crypto/aes-gcm-tax-id.cipher';
import { OnboardingClock, SystemOnboardingClock } from './application/onboarding-clock';
import { OnboardingFactsReader } from './application/queries/onboarding-facts.reader';
import { OnboardingViewers } from './application/onboarding-viewer';
import { ProgressCache } from './application/progress-cache';
import { ProgressChanges } from './application/progress-changes';
import { ProgressNotifier } from './application/progress-notifier';
import { GetContractorDashboardHandler } from './application/queries/get-contractor-dashboard/get-contractor-dashboard.handler';
import { ListContractorsHandler } from './application/queries/list-contractors/list-contractors.handler';
import { ContractorQueriesReader } from './application/queries/contractor-queries.reader';
import { SqlContractorQueriesReader } from './infrastructure/sql/sql-contractor-queries.reader';
import { GetContractorHandler } from './application/queries/get-contractor/get-contractor.handler';
import { GetOnboardingProgressHandler } from './application/queries/get-onboarding-progress/get-onboarding-progress.handler';
import { OnboardingReader } from './application/queries/onboarding.reader';
import { BankAccountRepository } from './domain/bank-account.repository';
import { ContractorRepository } from './domain/contractor.repository';
import { InsurancePolicyRepository } from './domain/insurance-policy.repository';
import { LicenseRepository } from './domain/license.repository';
import { OnboardingProgressRepository } from './domain/onboarding-progress.repository';
import { MemoryProgressNotifier } from './infrastructure/progress/memory-progress.notifier';
import { MemoryProgressCache } from './infrastructure/progress/memory-progress.cache';
import { SqlBankAccountRepository } from './infrastructure/sql/sql-bank-account.repository';
import { SqlContractorRepository } from './infrastructure/sql/sql-contractor.repository';
import { SqlInsurancePolicyRepository } from './infrastructure/sql/sql-insurance-policy.repository';
import { SqlLicenseRepository } from './infrastructure/sql/sql-license.repository';
import { SqlOnboardingFactsReader } from './infrastructure/sql/sql-onboarding-facts.reader';
import { SqlOnboardingProgressRepository } from './infrastructure/sql/sql-onboarding-progress.repository';
import { SqlOnboardingReader } from './infrastructure/sql/sql-onboarding.reader';
import { SqlOnboardingViewers } from './infrastructure/sql/sql-onboarding.viewers';
import { ExpireComplianceItemHandler } from './application/commands/expire-compliance-item/expire-compliance-item.handler';
import { ComplianceExpiryClaims } from './application/jobs/compliance-expiry.claims';
import { ComplianceExpiryJob } from './application/jobs/compliance-expiry.job';
import { SqlComplianceExpiryClaims } from './infrastructure/sql/sql-compliance-expiry.claims';
import { ComplianceExpiryScheduler } from './infrastructure/compliance-expiry.scheduler';

import { AuditModule } from '../audit/audit.public';
import { ContractorActivityController } from './api/contractor-activity.controller';
import { ContractorActivityStore } from './application/contractor-activity.port';
import { ProgressStreams } from './application/progress-stream';
import { ContractorActivityProjection } from './application/projections/contractor-activity.projection';
import { ContractorActivityReader } from './application/queries/contractor-activity.reader';
import { ListContractorAchievementsHandler } from './application/queries/list-contractor-achievements/list-contractor-achievements.handler';
import { ListContractorAuditLogHandler } from './application/queries/list-contractor-audit-log/list-contractor-audit-log.handler';
import { RedisProgressNotifier } from './infrastructure/progress/redis-progress.notifier';
import { SqlContractorActivityReader } from './infrastructure/sql/sql-contractor-activity.reader';
import { SqlContractorActivityStore } from './infrastructure/sql/sql-contractor-activity.store';

registerConstraintField('uq_contractor_tenant_user', 'userId');
registerConstraintField('uq_license_contractor_state_number', 'licenseNumber');
registerConstraintField('ck_bank_account_last4', 'last4');
registerConstraintField('uq_documents_contractor_hash', 'file');
registerConstraintField('uq_documents_s3_key', 'file');

const repositories = [
  { provide: ContractorRepository, useClass: SqlContractorRepository },
  { provide: LicenseRepository, useClass: SqlLicenseRepository },
  { provide: InsurancePolicyRepository, useClass: SqlInsurancePolicyRepository },
  { provide: BankAccountRepository, useClass: SqlBankAccountRepository },
  { provide: OnboardingProgressRepository, useClass: SqlOnboardingProgressRepository },
  { provide: BusinessProfileRepository, useClass: SqlBusinessProfileRepository },
];

const ports = [
  { provide: OnboardingViewers, useClass: SqlOnboardingViewers },
  { provide: OnboardingReader, useClass: SqlOnboardingReader },
  { provide: ContractorQueriesReader, useClass: SqlContractorQueriesReader },
  { provide: OnboardingFactsReader, useClass: SqlOnboardingFactsReader },
  { provide: OnboardingClock, useClass: SystemOnboardingClock },
  {
    provide: ProgressCache,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) =>
      config.REDIS_URL ? new RedisProgressCache(config.REDIS_URL) : new MemoryProgressCache(),
  },
  {
    provide: ProgressNotifier,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) =>
      config.REDIS_URL ? new RedisProgressNotifier(config.REDIS_URL) : new MemoryProgressNotifier(),
  },
  { provide: TaxIdCipher, useClass: AesGcmTaxIdCipher },
  ProgressChanges,
];

const commandHandlers = [
  RegisterContractorHandler,
  SubmitOnboardingStepHandler,
  ApproveContractorHandler,
  RejectContractorHandler,
  SetBusinessProfileHandler,
  RevealTaxIdHandler,
  AddLicenseHandler,
  RemoveLicenseHandler,
  VerifyLicenseHandler,
  AddInsurancePolicyHandler,
  RemoveInsurancePolicyHandler,
  VerifyInsurancePolicyHandler,
  AddBankAccountHandler,
  RemoveBankAccountHandler,
  VerifyBankAccountHandler,
  ExpireComplianceItemHandler,
];

const queryHandlers = [
  GetContractorHandler,
  ListContractorsHandler,
  GetContractorDashboardHandler,
  GetOnboardingProgressHandler,
  GetBusinessProfileHandler,
  GetLicenseHandler,
  GetInsurancePolicyHandler,
  GetBankAccountHandler,
  GetComplianceHandler,
];

/** Documents, OCR, provider webhooks and micro-deposits (issue 13 part B). */
const documentProviders = [
  { provide: ContractorDocumentRepository, useClass: DocumentStoreContractorDocumentRepository },
  { provide: DocumentsReader, useClass: DocumentStoreDocumentsReader },
  { provide: ContractorDirectory, useClass: SqlContractorDirectoryReader },
  {
    provide: DOCUMENT_SETTINGS,
    useFactory: (config: AppConfig): DocumentSettings => ({
      maxBytes: config.DOCUMENT_MAX_BYTES,
      urlTtlSeconds: config.DOCUMENT_URL_TTL_SECONDS,
      retentionDays: config.DOCUMENT_RETENTION_DAYS,
    }),
    inject: [APP_CONFIG],
  },
  {
    provide: WEBHOOK_SETTINGS,
    useFactory: (config: AppConfig): WebhookSettings => {
      const list = (value: string | undefined) =>
        (value ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      return {
        secrets: {
          trustlayer: list(config.WEBHOOK_SECRET_TRUSTLAYER),
          veriforce: list(config.WEBHOOK_SECRET_VERIFORCE),
          plaid: list(config.WEBHOOK_SECRET_PLAID),
        },
        toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
      };
    },
    inject: [APP_CONFIG],
  },
  { provide: VerificationPayloads, useClass: DocumentStoreVerificationPayloadsRepository },
  { provide: VerificationSubjects, useClass: SqlVerificationSubjectsReader },
  VerificationNotices,
  { provide: MicroDepositHasher, useClass: KeyStoreMicroDepositHasher },
  MemoryMicroDepositTransfers,
  { provide: MicroDepositTransfers, useExisting: MemoryMicroDepositTransfers },
  SendMicroDepositsHandler,
  ConfirmMicroDepositsHandler,
  ReceiveProviderWebhookHandler,
  ReplayVerificationPayloadHandler,
  ListVerificationPayloadsHandler,
  DocumentTextJob,
  DocumentOnboardingDocumentRetentionRule,
  DocumentOnboardingDocumentsErasureParticipant,
  UploadDocumentHandler,
  ExtractDocumentTextHandler,
  ListDocumentsHandler,
  GetDocumentHandler,
  GetDocumentContentHandler,
];
const documentControllers = [
  DocumentsController,
  BankVerificationController,
  ProviderWebhooksController,
  VerificationPayloadsController,
];

/** The expiration job (issue 13): licenses and insurance policies past or near their date. */
const expiryProviders = [
  { provide: ComplianceExpiryClaims, useClass: SqlComplianceExpiryClaims },
  ComplianceExpiryJob,
  ComplianceExpiryScheduler,
];

/** The audit log, achievements and progress stream of a contractor (issue 13). */
const activityProviders = [
  { provide: ContractorActivityStore, useClass: SqlContractorActivityStore },
  { provide: ContractorActivityReader, useClass: SqlContractorActivityReader },
  ContractorActivityProjection,
  ListContractorAuditLogHandler,
  ListContractorAchievementsHandler,
  ProgressStreams,
];

/**
 * Contractor onboarding and compliance (spec 000): contractors and their lifecycle, business
 * profiles, licenses, insurance policies, bank accounts, the onboarding wizard, expirations
 * and achievements.
 */
@Module({
  imports: [AuditModule],
  controllers: [
    ContractorsController,
    ComplianceItemsController,
    ContractorActivityController,
    ...documentControllers,
  ],
  providers: [
    ...repositories,
    ...ports,
    SqlOnboardingErasureParticipant,
    ...commandHandlers,
    ...queryHandlers,
    ...documentProviders,
    ...expiryProviders,
    ...activityProviders,
  ],
  exports: [
    ContractorRepository,
    LicenseRepository,
    InsurancePolicyRepository,
    BankAccountRepository,
    OnboardingViewers,
    ProgressChanges,
  ],
})
export class OnboardingModule {}
