import type { Actor } from '@opsledger/persistence';

export class ListVerificationPayloadsQuery {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly page: { limit: number; cursor?: string },
  ) {}
}
