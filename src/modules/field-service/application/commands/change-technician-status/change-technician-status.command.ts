import type { Actor } from '@opsledger/persistence';
import { TechnicianAction } from '../../../domain/technician-lifecycle';

/** One of the technician's lifecycle actions: start-leave, end-leave, deactivate, reactivate. */
export class ChangeTechnicianStatusCommand {
  constructor(
    readonly actor: Actor,
    readonly technicianId: string,
    readonly action: TechnicianAction,
    readonly expectedVersion?: number,
  ) {}
}
