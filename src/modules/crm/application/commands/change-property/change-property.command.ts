import type { Actor } from '@opsledger/persistence';
import type { PropertyInput } from '../../../domain/property.aggregate';

export class ChangePropertyCommand {
  constructor(
    readonly actor: Actor,
    readonly propertyId: string,
    readonly changes: PropertyInput,
    readonly ifMatch: number | undefined,
  ) {}
}
