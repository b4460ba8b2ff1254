import { Module } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { ContractorsController } from './api/contractors.controller';
import { ApproveContractorHandler } from './application/commands/approve-contractor/approve-contractor.handler';
import { RegisterContractorHandler } from './application/commands/register-contractor/register-contractor.handler';
import { RejectContractorHandler } from './application/commands/reject-contractor/reject-contractor.handler';
import { SubmitOnboardingStepHandler } from './application/commands/submit-onboarding-step/submit-onboarding-step.handler';
import { OnboardingClock, SystemOnboardingClock } from './application/onboarding-clock';
import { OnboardingFactsReader } from './application/queries/onboarding-facts.reader';
import { OnboardingViewers } from './application/onboarding-viewer';
import { ProgressCache } from './application/progress-cache';
import { ProgressChanges } from './application/progress-changes';
import { ProgressNotifier } from './application/progress-notifier';
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

registerConstraintField('uq_contractor_tenant_user', 'userId');
registerConstraintField('uq_license_contractor_state_number', 'licenseNumber');
registerConstraintField('ck_bank_account_last4', 'last4');

const repositories = [
  { provide: ContractorRepository, useClass: SqlContractorRepository },
  { provide: LicenseRepository, useClass: SqlLicenseRepository },
  { provide: InsurancePolicyRepository, useClass: SqlInsurancePolicyRepository },
  { provide: BankAccountRepository, useClass: SqlBankAccountRepository },
  { provide: OnboardingProgressRepository, useClass: SqlOnboardingProgressRepository },
];

const ports = [
  { provide: OnboardingViewers, useClass: SqlOnboardingViewers },
  { provide: OnboardingReader, useClass: SqlOnboardingReader },
  { provide: OnboardingFactsReader, useClass: SqlOnboardingFactsReader },
  { provide: OnboardingClock, useClass: SystemOnboardingClock },
  { provide: ProgressCache, useValue: new MemoryProgressCache() },
  { provide: ProgressNotifier, useClass: MemoryProgressNotifier },
  ProgressChanges,
];

const commandHandlers = [
  RegisterContractorHandler,
  SubmitOnboardingStepHandler,
  ApproveContractorHandler,
  RejectContractorHandler,
];

const queryHandlers = [GetContractorHandler, GetOnboardingProgressHandler];

/**
 * Contractor onboarding and compliance (spec 000): contractors and their lifecycle, business
 * profiles, licenses, insurance policies, bank accounts, the onboarding wizard, expirations
 * and achievements.
 */
@Module({
  controllers: [ContractorsController],
  providers: [...repositories, ...ports, ...commandHandlers, ...queryHandlers],
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
