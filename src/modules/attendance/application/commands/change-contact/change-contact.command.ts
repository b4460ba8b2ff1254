import type { Actor } from '@opsledger/persistence';
import type { ContactChanges } from '../../../domain/contact.aggregate';

export class ChangeContactCommand {
  constructor(
    readonly actor: Actor,
    readonly contactId: string,
    /** The version `If-Match` named, or undefined. */
    readonly expectedVersion: number | undefined,
    readonly changes: ContactChanges,
  ) {}
}
