import type { Actor } from '@opsledger/persistence';

export class DeletePropertyCommand {
  constructor(
    readonly actor: Actor,
    readonly propertyId: string,
    readonly ifMatch: number | undefined,
  ) {}
}
