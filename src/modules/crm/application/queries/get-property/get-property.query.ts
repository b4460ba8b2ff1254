import type { Actor } from '@opsledger/persistence';

export class GetPropertyQuery {
  constructor(
    readonly actor: Actor,
    readonly propertyId: string,
  ) {}
}
