import type { Actor } from '@opsledger/persistence';

export interface TechnicianFields {
  licenseNumber: string;
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  /** Money as a decimal string ("85.50"). */
  hourlyRate?: string;
  /** Validated at the edge; the aggregate checks them again. */
  certifications?: unknown;
  skills?: unknown;
}

export class CreateTechnicianCommand {
  constructor(
    readonly actor: Actor,
    readonly fields: TechnicianFields,
  ) {}
}
