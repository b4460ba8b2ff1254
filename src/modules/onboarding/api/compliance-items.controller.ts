import { Body, Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Route, Target } from '@opsledger/http';
import { AddBankAccountCommand } from '../application/commands/add-bank-account/add-bank-account.command';
import { AddInsurancePolicyCommand } from '../application/commands/add-insurance-policy/add-insurance-policy.command';
import { AddLicenseCommand } from '../application/commands/add-license/add-license.command';
import { RemoveBankAccountCommand } from '../application/commands/remove-bank-account/remove-bank-account.command';
import { RemoveInsurancePolicyCommand } from '../application/commands/remove-insurance-policy/remove-insurance-policy.command';
import { RemoveLicenseCommand } from '../application/commands/remove-license/remove-license.command';
import { VerifyBankAccountCommand } from '../application/commands/verify-bank-account/verify-bank-account.command';
import { VerifyInsurancePolicyCommand } from '../application/commands/verify-insurance-policy/verify-insurance-policy.command';
import { VerifyLicenseCommand } from '../application/commands/verify-license/verify-license.command';
import { GetBankAccountQuery } from '../application/queries/get-bank-account/get-bank-account.query';
import { GetComplianceQuery } from '../application/queries/get-compliance/get-compliance.query';
import { GetInsurancePolicyQuery } from '../application/queries/get-insurance-policy/get-insurance-policy.query';
import { GetLicenseQuery } from '../application/queries/get-license/get-license.query';
import {
  BankAccountView,
  ComplianceView,
  InsurancePolicyView,
  LicenseView,
} from '../application/queries/onboarding.read-model';
import {
  AddBankAccountRequestDto,
  AddInsurancePolicyRequestDto,
  AddLicenseRequestDto,
  BankAccountResponseDto,
  ComplianceResponseDto,
  InsurancePolicyResponseDto,
  LicenseResponseDto,
  VerifyInsurancePolicyRequestDto,
} from './dto/compliance-item.dto';

const OWN = "The contractor's own user only; another contractor's is a 404.";
const REVIEWERS = 'Reviewers only (tenant roles owner, admin, reviewer).';
const READ = 'Reviewers, or the contractor it belongs to.';

/** Licenses, insurance policies and bank accounts: added under their contractor, addressed by id. */
@ApiTags('onboarding')
@ApiBearerAuth('bearer')
@Controller()
export class ComplianceItemsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Read({
    path: 'contractors/:id/compliance',
    summary: "A contractor's full compliance view",
    description: `${READ} Profile (tax id masked), progress, licenses, policies and bank accounts.`,
    type: ComplianceResponseDto,
  })
  compliance(@Target() { actor, id }: Target): Promise<ComplianceView> {
    return this.queries.execute(new GetComplianceQuery(actor, id));
  }

  @Route.Create({
    path: 'contractors/:id/licenses',
    summary: 'Add a state license',
    description: `${OWN} Unique per contractor, state and number (409 naming licenseNumber).`,
    type: LicenseResponseDto,
    location: (view: LicenseView) => `/api/v1/licenses/${view.id}`,
  })
  async addLicense(
    @Target() { actor, id }: Target,
    @Body() body: AddLicenseRequestDto,
  ): Promise<LicenseView> {
    const created = await this.commands.execute<AddLicenseCommand, { id: string }>(
      new AddLicenseCommand(actor, id, { ...body }),
    );
    return this.queries.execute(new GetLicenseQuery(actor, created.id));
  }

  @Route.Read({
    path: 'licenses/:id',
    summary: 'A license',
    description: READ,
    type: LicenseResponseDto,
  })
  license(@Target() { actor, id }: Target): Promise<LicenseView> {
    return this.queries.execute(new GetLicenseQuery(actor, id));
  }

  @Route.Delete({
    path: 'licenses/:id',
    summary: 'Remove a license',
    description: OWN,
    ifMatch: true,
  })
  async removeLicense(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    await this.commands.execute(new RemoveLicenseCommand(actor, id, ifMatch));
  }

  @Route.Action({
    path: 'licenses/:id/verify',
    summary: "Verify a license (checked with the state's registry)",
    description: `${REVIEWERS} An expired license is a 409.`,
    type: LicenseResponseDto,
    status: 200,
    ifMatch: true,
  })
  async verifyLicense(@Target() { actor, id, ifMatch }: Target): Promise<LicenseView> {
    await this.commands.execute(new VerifyLicenseCommand(actor, id, ifMatch));
    return this.queries.execute(new GetLicenseQuery(actor, id));
  }

  @Route.Create({
    path: 'contractors/:id/insurance-policies',
    summary: 'Add an insurance policy',
    description: `${OWN} Coverage types among gl, wc, auto, umbrella; pending until its provider (or a reviewer, for manual) verifies it.`,
    type: InsurancePolicyResponseDto,
    location: (view: InsurancePolicyView) => `/api/v1/insurance-policies/${view.id}`,
  })
  async addPolicy(
    @Target() { actor, id }: Target,
    @Body() body: AddInsurancePolicyRequestDto,
  ): Promise<InsurancePolicyView> {
    const created = await this.commands.execute<AddInsurancePolicyCommand, { id: string }>(
      new AddInsurancePolicyCommand(actor, id, { ...body }),
    );
    return this.queries.execute(new GetInsurancePolicyQuery(actor, created.id));
  }

  @Route.Read({
    path: 'insurance-policies/:id',
    summary: 'An insurance policy',
    description: READ,
    type: InsurancePolicyResponseDto,
  })
  policy(@Target() { actor, id }: Target): Promise<InsurancePolicyView> {
    return this.queries.execute(new GetInsurancePolicyQuery(actor, id));
  }

  @Route.Delete({
    path: 'insurance-policies/:id',
    summary: 'Remove an insurance policy',
    description: OWN,
    ifMatch: true,
  })
  async removePolicy(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    await this.commands.execute(new RemoveInsurancePolicyCommand(actor, id, ifMatch));
  }

  @Route.Action({
    path: 'insurance-policies/:id/verify',
    summary: 'Verify an insurance policy by hand (the manual provider)',
    description: `${REVIEWERS} verified false needs a reason; an expired policy is a 409.`,
    type: InsurancePolicyResponseDto,
    status: 200,
    ifMatch: true,
  })
  async verifyPolicy(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: VerifyInsurancePolicyRequestDto,
  ): Promise<InsurancePolicyView> {
    await this.commands.execute(
      new VerifyInsurancePolicyCommand(
        actor,
        id,
        body.verified ? { verified: true } : { verified: false, reason: body.reason ?? '' },
        ifMatch,
      ),
    );
    return this.queries.execute(new GetInsurancePolicyQuery(actor, id));
  }

  @Route.Create({
    path: 'contractors/:id/bank-accounts',
    summary: 'Add a bank account (last four digits only)',
    description: `${OWN} A full account or routing number is never accepted nor stored: last4, or the provider's item/account ids.`,
    type: BankAccountResponseDto,
    location: (view: BankAccountView) => `/api/v1/bank-accounts/${view.id}`,
  })
  async addBankAccount(
    @Target() { actor, id }: Target,
    @Body() body: AddBankAccountRequestDto,
  ): Promise<BankAccountView> {
    const created = await this.commands.execute<AddBankAccountCommand, { id: string }>(
      new AddBankAccountCommand(actor, id, { ...body }),
    );
    return this.queries.execute(new GetBankAccountQuery(actor, created.id));
  }

  @Route.Read({
    path: 'bank-accounts/:id',
    summary: 'A bank account',
    description: READ,
    type: BankAccountResponseDto,
  })
  bankAccount(@Target() { actor, id }: Target): Promise<BankAccountView> {
    return this.queries.execute(new GetBankAccountQuery(actor, id));
  }

  @Route.Delete({
    path: 'bank-accounts/:id',
    summary: 'Remove a bank account',
    description: OWN,
    ifMatch: true,
  })
  async removeBankAccount(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    await this.commands.execute(new RemoveBankAccountCommand(actor, id, ifMatch));
  }

  @Route.Action({
    path: 'bank-accounts/:id/verify',
    summary: 'Verify a bank account by hand',
    description: `${REVIEWERS} For accounts checked outside the product (a voided cheque); 409 when already verified.`,
    type: BankAccountResponseDto,
    status: 200,
    ifMatch: true,
  })
  async verifyBankAccount(@Target() { actor, id, ifMatch }: Target): Promise<BankAccountView> {
    await this.commands.execute(new VerifyBankAccountCommand(actor, id, ifMatch));
    return this.queries.execute(new GetBankAccountQuery(actor, id));
  }
}
