import type { Actor } from '@opsledger/persistence';

export class ListContactSessionsQuery {
  constructor(
    readonly actor: Actor,
    readonly contactId: string,
  ) {}
}
