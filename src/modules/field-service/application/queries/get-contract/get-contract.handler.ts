import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { billingViewerOf } from '../../billing-access';
import { FieldServiceViewers } from '../../field-service-viewer';
import { ContractView } from '../contract.read-model';
import { ContractReader } from '../contract.reader';
import { GetContractQuery } from './get-contract.query';

/** Dispatchers read any contract of the tenant; a customer its own (another's is a 404); technicians none. */
@QueryHandler(GetContractQuery)
export class GetContractHandler implements IQueryHandler<GetContractQuery, ContractView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: ContractReader,
  ) {}

  async execute(query: GetContractQuery): Promise<ContractView> {
    const viewer = await billingViewerOf(this.viewers, query.actor);
    const scope = {
      tenantId: viewer.tenantId,
      customerId: viewer.kind === 'customer' ? viewer.customerId : null,
    };
    const contract = await this.db.read(() => this.reader.getContract(scope, query.contractId));
    if (!contract) throw new NotFoundError('contract', query.contractId);
    return contract;
  }
}
