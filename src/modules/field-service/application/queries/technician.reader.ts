import { Page } from '@opsledger/http';
import { TechnicianView, TechnicianFilter, TechnicianListOptions } from './technician.read-model';

/** Read port: technicians of one tenant. */
export abstract class TechnicianReader {
  abstract getTechnician(tenantId: string, id: string): Promise<TechnicianView | null>;
  abstract listTechnicians(
    tenantId: string,
    filter: TechnicianFilter,
    options: TechnicianListOptions,
  ): Promise<Page<TechnicianView>>;
}
