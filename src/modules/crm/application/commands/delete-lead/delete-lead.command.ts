import type { Actor } from '@opsledger/persistence';

export class DeleteLeadCommand {
  constructor(
    readonly actor: Actor,
    readonly leadId: string,
    readonly ifMatch: number | undefined,
  ) {}
}
