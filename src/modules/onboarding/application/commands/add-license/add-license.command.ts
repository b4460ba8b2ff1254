import type { Actor } from '@opsledger/persistence';

export class AddLicenseCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly license: {
      state: string;
      licenseNumber: string;
      licenseType?: string | null;
      expirationDate?: string | null;
    },
  ) {}
}
