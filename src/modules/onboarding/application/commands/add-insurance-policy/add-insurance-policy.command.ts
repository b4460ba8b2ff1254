import type { Actor } from '@opsledger/persistence';
import type { InsuranceProvider } from '../../../domain/events/compliance-item.events';

export class AddInsurancePolicyCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly policy: {
      provider: InsuranceProvider;
      policyNumber: string;
      coverageTypes: string[];
      expirationDate: string;
      additionalInsured?: boolean;
    },
  ) {}
}
