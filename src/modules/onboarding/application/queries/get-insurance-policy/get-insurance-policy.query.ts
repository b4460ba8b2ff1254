import type { Actor } from '@opsledger/persistence';

export class GetInsurancePolicyQuery {
  constructor(
    readonly actor: Actor,
    readonly policyId: string,
  ) {}
}
