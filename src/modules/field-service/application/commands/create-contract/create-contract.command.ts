import type { Actor } from '@opsledger/persistence';
import type { BillingCycle } from '../../../domain/contract-billing-cycle';

export interface NewContract {
  contractNumber: string;
  customerId: string;
  startDate: string;
  endDate: string;
  terms?: string | null;
  value: string;
  billingCycle: BillingCycle;
}

export class CreateContractCommand {
  constructor(
    readonly actor: Actor,
    readonly contract: NewContract,
  ) {}
}
