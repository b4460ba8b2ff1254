import type { Actor } from '@opsledger/persistence';
import { TechnicianAvailability } from '../../../domain/technician-lifecycle';

export class SetTechnicianAvailabilityCommand {
  constructor(
    readonly actor: Actor,
    readonly technicianId: string,
    readonly availability: TechnicianAvailability,
    readonly expectedVersion?: number,
  ) {}
}
