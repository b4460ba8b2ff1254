import type { Actor } from '@opsledger/persistence';
import type { PropertyInput } from '../../../domain/property.aggregate';

export class CreatePropertyCommand {
  constructor(
    readonly actor: Actor,
    readonly fields: PropertyInput,
  ) {}
}
