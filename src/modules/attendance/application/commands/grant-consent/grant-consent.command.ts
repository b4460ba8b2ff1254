import type { Actor } from '@opsledger/persistence';

export class GrantConsentCommand {
  constructor(
    readonly actor: Actor,
    readonly contactId: string,
  ) {}
}
