import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@opsledger/ddd';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { toInstant } from '../../../domain/work-order-schedule';
import { FieldServiceViewers } from '../../field-service-viewer';
import { TechnicianFilter, TechnicianView } from '../technician.read-model';
import { TechnicianReader } from '../technician.reader';
import { ListTechniciansQuery } from './list-technicians.query';

const windowError = (field: string, message: string) =>
  new DomainError('TECHNICIAN.INVALID_WINDOW', 'invalid_input', message, { field });

/** The availability window: both ends or neither, the end after the start. */
function windowOf(from: string | undefined, to: string | undefined): TechnicianFilter['window'] {
  if (from === undefined && to === undefined) return undefined;
  if (from === undefined)
    throw windowError('availableFrom', 'availableFrom is required with availableTo');
  if (to === undefined)
    throw windowError('availableTo', 'availableTo is required with availableFrom');
  const window = { from: toInstant(from, 'availableFrom'), to: toInstant(to, 'availableTo') };
  if (window.to.getTime() <= window.from.getTime())
    throw windowError('availableTo', 'availableTo must be after availableFrom');
  return window;
}

@QueryHandler(ListTechniciansQuery)
export class ListTechniciansHandler implements IQueryHandler<
  ListTechniciansQuery,
  Page<TechnicianView>
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: TechnicianReader,
  ) {}

  async execute(query: ListTechniciansQuery): Promise<Page<TechnicianView>> {
    const { tenantId } = await this.viewers.dispatcher(query.actor);
    const filter: TechnicianFilter = {
      ...query.filter,
      skill: query.filter.skill?.trim().toLowerCase(),
      window: windowOf(query.availableFrom, query.availableTo),
    };
    return this.db.read(() => this.reader.listTechnicians(tenantId, filter, query.options));
  }
}
