import type { Actor } from '@opsledger/persistence';

export interface CustomerFields {
  email: string;
  phone?: string | null;
  companyName?: string | null;
  /** Validated at the edge; the aggregate checks it again. */
  billingAddress?: unknown;
  serviceAddress?: unknown;
}

export class CreateCustomerCommand {
  constructor(
    readonly actor: Actor,
    readonly fields: CustomerFields,
  ) {}
}
