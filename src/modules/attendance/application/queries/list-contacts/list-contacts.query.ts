import type { Actor } from '@opsledger/persistence';

export interface ContactFilter {
  active?: boolean;
  consentGranted?: boolean;
  /** Case-insensitive text in the email, first, last or full name. */
  q?: string;
}

export class ListContactsQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: ContactFilter,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {}
}
