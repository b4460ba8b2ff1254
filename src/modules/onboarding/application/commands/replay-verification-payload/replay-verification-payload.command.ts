import type { Actor } from '@opsledger/persistence';

/** A reviewer re-applies a stored provider payload (after fixing what made it unmatched, say). */
export class ReplayVerificationPayloadCommand {
  constructor(
    readonly actor: Actor,
    readonly payloadId: string,
  ) {}
}
