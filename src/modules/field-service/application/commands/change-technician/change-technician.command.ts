import type { Actor } from '@opsledger/persistence';
import { TechnicianDetailChanges } from '../../../domain/technician.aggregate';

export class ChangeTechnicianCommand {
  constructor(
    readonly actor: Actor,
    readonly technicianId: string,
    /** undefined leaves a field; null clears an optional one. */
    readonly changes: TechnicianDetailChanges,
    readonly expectedVersion?: number,
  ) {}
}
