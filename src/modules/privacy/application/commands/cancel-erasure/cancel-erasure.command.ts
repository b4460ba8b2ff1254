import type { Actor } from '@opsledger/persistence';

/** Cancels a request still in its grace period (its user, or an admin). */
export class CancelErasureCommand {
  constructor(
    readonly actor: Actor,
    readonly requestId: string,
  ) {}
}
