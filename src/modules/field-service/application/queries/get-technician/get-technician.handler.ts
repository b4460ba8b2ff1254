import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { FieldServiceViewers } from '../../field-service-viewer';
import { canSeeTechnician } from '../../technician-access';
import { TechnicianView } from '../technician.read-model';
import { TechnicianReader } from '../technician.reader';
import { GetTechnicianQuery } from './get-technician.query';

/** Dispatchers read any technician of the tenant, a technician's user its own profile. */
@QueryHandler(GetTechnicianQuery)
export class GetTechnicianHandler implements IQueryHandler<GetTechnicianQuery, TechnicianView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: TechnicianReader,
  ) {}

  async execute(query: GetTechnicianQuery): Promise<TechnicianView> {
    const viewer = await this.viewers.resolve(query.actor);
    if (!canSeeTechnician(viewer, query.technicianId))
      throw new NotFoundError('technician', query.technicianId);
    const technician = await this.db.read(() =>
      this.reader.getTechnician(viewer.tenantId, query.technicianId),
    );
    if (!technician) throw new NotFoundError('technician', query.technicianId);
    return technician;
  }
}
