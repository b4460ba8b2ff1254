import type { Actor } from '@opsledger/persistence';

export class GetComplianceQuery {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
  ) {}
}
