import type { Actor } from '@opsledger/persistence';

/** A reviewer asks to see a contractor's tax id in clear, for a stated purpose. */
export class RevealTaxIdCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly purpose: string,
  ) {}
}
