import type { Actor } from '@opsledger/persistence';

export class GetLicenseQuery {
  constructor(
    readonly actor: Actor,
    readonly licenseId: string,
  ) {}
}
