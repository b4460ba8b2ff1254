import type { Actor } from '@opsledger/persistence';
import type { ErasureVia } from '../../../domain/erasure-request.aggregate';

/** Erase `userId`: by an admin (runs at once), or by the user themselves (after the grace period). */
export class RequestErasureCommand {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly via: ErasureVia,
  ) {}
}
