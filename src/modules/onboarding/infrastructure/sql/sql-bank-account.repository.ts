import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { BankAccount } from '../../domain/bank-account.aggregate';
import { BankAccountRepository } from '../../domain/bank-account.repository';
import { BANK_ACCOUNT_COLUMNS, BankAccountRow } from './onboarding-rows.sql';

@Injectable()
export class SqlBankAccountRepository extends BankAccountRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<BankAccount | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${BANK_ACCOUNT_COLUMNS} FROM bank_account WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    )) as BankAccountRow[];
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async listByContractor(tenantId: string, contractorId: string): Promise<BankAccount[]> {
    const rows = (await this.db.manager.query(
      `SELECT ${BANK_ACCOUNT_COLUMNS} FROM bank_account WHERE tenant_id = $1 AND contractor_id = $2 ORDER BY id FOR UPDATE`,
      [tenantId, contractorId],
    )) as BankAccountRow[];
    return rows.map(toAccount);
  }

  async save(account: BankAccount): Promise<void> {
    const s = account.snapshot;
    await this.writer.save(
      account,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (s.removed) {
          const deleted = (await manager.query(
            `DELETE FROM bank_account WHERE id = $1 AND tenant_id = $2 AND version = $3`,
            [account.id, s.tenantId, expectedVersion],
          )) as [unknown[], number];
          return deleted[1] === 1;
        }
        if (isNew) {
          await manager.query(
            `INSERT INTO bank_account (id, tenant_id, contractor_id, account_type, plaid_item_id, plaid_account_id, last4,
               verification_method, verification_status, verification_date, micro_deposit_hash, micro_deposit_sent_at,
               micro_deposit_attempts, micro_deposit_locked_until, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
            [
              account.id,
              s.tenantId,
              s.contractorId,
              s.accountType,
              s.plaidItemId,
              s.plaidAccountId,
              s.last4,
              s.verificationMethod,
              s.verificationStatus,
              s.verificationDate,
              s.microDepositHash,
              s.microDepositSentAt,
              s.microDepositAttempts,
              s.microDepositLockedUntil,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE bank_account SET verification_method = $4, verification_status = $5, verification_date = $6,
             micro_deposit_hash = $7, micro_deposit_sent_at = $8, micro_deposit_attempts = $9,
             micro_deposit_locked_until = $10, version = $11
           WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [
            account.id,
            s.tenantId,
            expectedVersion,
            s.verificationMethod,
            s.verificationStatus,
            s.verificationDate,
            s.microDepositHash,
            s.microDepositSentAt,
            s.microDepositAttempts,
            s.microDepositLockedUntil,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}

function toAccount(r: BankAccountRow): BankAccount {
  return BankAccount.rehydrate(r.id, r.version, {
    tenantId: r.tenant_id,
    contractorId: r.contractor_id,
    accountType: r.account_type,
    plaidItemId: r.plaid_item_id,
    plaidAccountId: r.plaid_account_id,
    last4: r.last4,
    verificationMethod: r.verification_method,
    verificationStatus: r.verification_status,
    verificationDate: r.verification_date,
    microDepositHash: r.micro_deposit_hash,
    microDepositSentAt: r.micro_deposit_sent_at,
    microDepositAttempts: r.micro_deposit_attempts,
    microDepositLockedUntil: r.micro_deposit_locked_until,
    removed: false,
  });
}
