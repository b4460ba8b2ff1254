import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { ErasureParticipant, ErasureReceipt, ErasureWork } from '@opsledger/personal-data';

/**
 * The platform's replay records of POST responses (`idempotency_keys`) hold whatever a
 * response showed: the person's own requests (scoped by their user id), and anyone's
 * responses that name one of the erasure's subjects (an admin's POST /users, a dispatcher's
 * POST /customers). Both go; a retry of those requests is then answered anew.
 */
@Injectable()
export class SqlIdempotencyRecordErasureParticipant extends ErasureParticipant {
  readonly name = 'platform';
  override readonly order = 60;

  constructor(private readonly db: Db) {
    super();
  }

  async erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    const ids = work.subjects.filter((s) => s.kind === 'person').map((s) => s.subjectId);
    const deleted = await this.db.transaction(async () => {
      const rows = (await this.db.manager.query(
        `DELETE FROM idempotency_keys
          WHERE scope LIKE $1 || ':%'
             OR response_body::text LIKE ANY (SELECT '%' || id || '%' FROM unnest($2::text[]) AS id)
             OR response_headers::text LIKE ANY (SELECT '%' || id || '%' FROM unnest($2::text[]) AS id)`,
        [work.userId, ids],
      )) as [unknown[], number];
      return rows[1];
    });
    return [
      {
        store: 'postgresql',
        location: 'idempotency_keys',
        action: 'deleted',
        count: deleted,
        note: 'stored responses of the person’s requests and of responses naming them',
      },
    ];
  }
}
