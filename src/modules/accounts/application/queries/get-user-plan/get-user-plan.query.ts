import type { Actor } from '@opsledger/persistence';

export class GetUserPlanQuery {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
  ) {}
}
