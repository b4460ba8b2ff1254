import type { Actor } from '@opsledger/persistence';
import type { ContractRevision } from '../../../domain/contract.aggregate';

export class ReviseContractCommand {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
    readonly changes: ContractRevision,
    /** From If-Match: the version the client edited; a mismatch is a 412. */
    readonly expectedVersion?: number,
  ) {}
}
