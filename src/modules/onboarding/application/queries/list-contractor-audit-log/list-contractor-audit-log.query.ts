import type { Actor } from '@opsledger/persistence';

export class ListContractorAuditLogQuery {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly limit: number,
    readonly cursor: string | null,
  ) {}
}
