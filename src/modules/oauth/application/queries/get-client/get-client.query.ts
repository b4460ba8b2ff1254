import type { Actor } from '@opsledger/persistence';

export class GetClientQuery {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {}
}
