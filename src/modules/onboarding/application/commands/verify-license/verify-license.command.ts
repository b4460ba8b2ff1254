import type { Actor } from '@opsledger/persistence';

/** A reviewer confirmed the license with the state's registry. */
export class VerifyLicenseCommand {
  constructor(
    readonly actor: Actor,
    readonly licenseId: string,
    readonly ifMatch?: number,
  ) {}
}
