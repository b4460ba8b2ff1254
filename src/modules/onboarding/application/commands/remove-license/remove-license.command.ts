import type { Actor } from '@opsledger/persistence';

export class RemoveLicenseCommand {
  constructor(
    readonly actor: Actor,
    readonly licenseId: string,
    readonly ifMatch?: number,
  ) {}
}
