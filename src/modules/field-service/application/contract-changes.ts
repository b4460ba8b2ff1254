import { Injectable } from '@nestjs/common';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db, type Actor } from '@opsledger/persistence';
import { Contract } from '../domain/contract.aggregate';
import { ContractRepository } from '../domain/contract.repository';
import { FieldServiceViewers } from './field-service-viewer';

/**
 * The shape every change to an existing contract shares: a dispatcher of the tenant, the
 * contract loaded and locked, the If-Match version checked, one intent applied, the aggregate saved.
 */
@Injectable()
export class ContractChanges {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly contracts: ContractRepository,
  ) {}

  async apply(
    actor: Actor,
    contractId: string,
    expectedVersion: number | undefined,
    change: (contract: Contract) => void,
  ): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(actor);
    await this.db.transaction(async () => {
      const contract = await this.contracts.findById(tenantId, contractId);
      if (!contract) throw new NotFoundError('contract', contractId);
      assertVersion(contract, expectedVersion);
      change(contract);
      await this.contracts.save(contract);
    });
  }
}
