import type { Actor } from '@opsledger/persistence';

export interface ContactFields {
  email: string;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  ghlContactId?: string | null;
  notes?: string | null;
  userId?: string | null;
}

export class CreateContactCommand {
  constructor(
    readonly actor: Actor,
    readonly fields: ContactFields,
  ) {}
}
