import { Injectable } from '@nestjs/common';
import { Db, RequestContext } from '@opsledger/persistence';
import { LocatedSubject, VerificationSubjects } from '../../application/verification-payloads.port';
import type { VerificationNotice } from '../../domain/verification-payload';

/**
 * A webhook names our policy id (given to the insurance providers when the policy was sent to
 * them) or Plaid's account id; the tenant comes from our row, never from the sender. Reads in
 * the system scope because no tenant is known yet.
 */
@Injectable()
export class SqlVerificationSubjectsReader extends VerificationSubjects {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {
    super();
  }

  locate(subject: VerificationNotice['subject']): Promise<LocatedSubject | null> {
    return this.context.asSystem(() =>
      this.db.read(async () => {
        const rows = (
          subject.kind === 'insurance-policy'
            ? await this.db.manager.query(
                `SELECT id, tenant_id, contractor_id FROM insurance_policy WHERE id = $1`,
                [subject.policyId],
              )
            : await this.db.manager.query(
                `SELECT id, tenant_id, contractor_id FROM bank_account WHERE plaid_account_id = $1`,
                [subject.plaidAccountId],
              )
        ) as Array<{ id: string; tenant_id: string; contractor_id: string }>;
        // a Plaid account id linked twice is ambiguous: nothing is applied
        if (rows.length !== 1) return null;
        return {
          tenantId: rows[0].tenant_id,
          contractorId: rows[0].contractor_id,
          kind: subject.kind,
          id: rows[0].id,
        };
      }),
    );
  }
}
