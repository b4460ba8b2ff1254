import type { Actor } from '@opsledger/persistence';

export class RemoveInsurancePolicyCommand {
  constructor(
    readonly actor: Actor,
    readonly policyId: string,
    readonly ifMatch?: number,
  ) {}
}
