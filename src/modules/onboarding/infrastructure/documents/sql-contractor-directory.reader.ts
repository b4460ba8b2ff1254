import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { ContractorDirectory, ContractorEntry } from '../../application/document-access';

/** Reads the `contractor` row (no lock) to tell who the contractor's user is. */
@Injectable()
export class SqlContractorDirectoryReader extends ContractorDirectory {
  constructor(private readonly db: Db) {
    super();
  }

  async find(tenantId: string, contractorId: string): Promise<ContractorEntry | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id FROM contractor WHERE tenant_id = $1 AND id = $2`,
      [tenantId, contractorId],
    )) as Array<{ id: string; user_id: string | null }>;
    return rows[0] ? { id: rows[0].id, userId: rows[0].user_id } : null;
  }

  async findByUser(tenantId: string, userId: string): Promise<ContractorEntry | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id FROM contractor WHERE tenant_id = $1 AND user_id = $2`,
      [tenantId, userId],
    )) as Array<{ id: string; user_id: string | null }>;
    return rows[0] ? { id: rows[0].id, userId: rows[0].user_id } : null;
  }
}
