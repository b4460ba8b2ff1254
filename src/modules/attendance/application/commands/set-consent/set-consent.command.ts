import type { Actor } from '@opsledger/persistence';

/** The person grants (`true`) or withdraws (`false`) location consent. */
export class SetConsentCommand {
  constructor(
    readonly actor: Actor,
    readonly contactId: string,
    readonly granted: boolean,
  ) {}
}
