import type { Actor } from '@opsledger/persistence';

export class AddDealNoteCommand {
  constructor(
    readonly actor: Actor,
    readonly dealId: string,
    readonly text: string,
  ) {}
}
