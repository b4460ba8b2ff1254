import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { RetentionLock } from '../../application/retention-lock.port';

/** Advisory-lock class of the retention rules (the second key is the rule name's hash). */
const RETENTION_LOCK_CLASS = 0x52_45_54; // "RET"

/** A transaction-scoped PostgreSQL advisory lock per rule. */
@Injectable()
export class SqlRetentionLock extends RetentionLock {
  constructor(private readonly db: Db) {
    super();
  }

  async tryTake(rule: string): Promise<boolean> {
    const [lock] = (await this.db.manager.query(
      `SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok`,
      [RETENTION_LOCK_CLASS, rule],
    )) as Array<{ ok: boolean }>;
    return lock?.ok === true;
  }
}
