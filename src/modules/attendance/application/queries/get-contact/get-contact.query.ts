import type { Actor } from '@opsledger/persistence';

export class GetContactQuery {
  constructor(
    readonly actor: Actor,
    readonly contactId: string,
  ) {}
}
