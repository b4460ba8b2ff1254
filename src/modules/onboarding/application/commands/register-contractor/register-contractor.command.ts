import type { Actor } from '@opsledger/persistence';

/** The acting user signs up as a contractor of its tenant. */
export class RegisterContractorCommand {
  constructor(readonly actor: Actor) {}
}
