import type { Actor } from '@opsledger/persistence';
import type { BusinessProfileInput } from '../../../domain/business-profile.aggregate';

/** The contractor fills in (or replaces) its business profile; `taxId` absent keeps the stored one. */
export class SetBusinessProfileCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly details: BusinessProfileInput,
    readonly taxId: string | undefined,
    readonly ifMatch?: number,
  ) {}
}
