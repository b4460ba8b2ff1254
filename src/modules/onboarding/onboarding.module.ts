import { Module } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { BankAccountRepository } from './domain/bank-account.repository';
import { ContractorRepository } from './domain/contractor.repository';
import { InsurancePolicyRepository } from './domain/insurance-policy.repository';
import { LicenseRepository } from './domain/license.repository';
import { SqlBankAccountRepository } from './infrastructure/sql/sql-bank-account.repository';
import { SqlContractorRepository } from './infrastructure/sql/sql-contractor.repository';
import { SqlInsurancePolicyRepository } from './infrastructure/sql/sql-insurance-policy.repository';
import { SqlLicenseRepository } from './infrastructure/sql/sql-license.repository';

registerConstraintField('uq_contractor_tenant_user', 'userId');
registerConstraintField('uq_license_contractor_state_number', 'licenseNumber');
registerConstraintField('ck_bank_account_last4', 'last4');

const repositories = [
  { provide: ContractorRepository, useClass: SqlContractorRepository },
  { provide: LicenseRepository, useClass: SqlLicenseRepository },
  { provide: InsurancePolicyRepository, useClass: SqlInsurancePolicyRepository },
  { provide: BankAccountRepository, useClass: SqlBankAccountRepository },
];

/**
 * Contractor onboarding and compliance (spec 000): contractors and their lifecycle, business
 * profiles, licenses, insurance policies, bank accounts, the onboarding wizard, expirations
 * and achievements.
 */
@Module({
  providers: [...repositories],
  exports: [
    ContractorRepository,
    LicenseRepository,
    InsurancePolicyRepository,
    BankAccountRepository,
  ],
})
export class OnboardingModule {}
