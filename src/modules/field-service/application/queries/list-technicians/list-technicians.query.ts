import type { Actor } from '@opsledger/persistence';
import { TechnicianFilter, TechnicianListOptions } from '../technician.read-model';

export class ListTechniciansQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: Omit<TechnicianFilter, 'window'>,
    /** Both or neither; parsed and checked by the handler. */
    readonly availableFrom: string | undefined,
    readonly availableTo: string | undefined,
    readonly options: TechnicianListOptions,
  ) {}
}
