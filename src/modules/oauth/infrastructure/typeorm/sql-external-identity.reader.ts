import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { ExternalIdentityView } from '../../application/queries/external-identity.read-model';
import { ExternalIdentityReader } from '../../application/queries/external-identity.reader';

interface Row {
  id: string;
  user_id: string;
  provider: string;
  subject: string;
  created_at: Date;
}

const toView = (r: Row): ExternalIdentityView => ({
  id: r.id,
  userId: r.user_id,
  provider: r.provider,
  subject: r.subject,
  createdAt: r.created_at,
});

@Injectable()
export class SqlExternalIdentityReader extends ExternalIdentityReader {
  constructor(private readonly db: Db) {
    super();
  }

  async get(id: string): Promise<ExternalIdentityView | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, provider, subject, created_at FROM external_identities WHERE id = $1`,
      [id],
    )) as Row[];
    return rows[0] ? toView(rows[0]) : null;
  }

  async listForUser(
    userId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ExternalIdentityView>> {
    const after = decodeCursor(cursor, 1) as [string] | null;
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, provider, subject, created_at FROM external_identities
        WHERE user_id = $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
      [userId, after?.[0] ?? null, limit + 1],
    )) as Row[];
    return toPage(rows, limit, toView, (r) => [r.id]);
  }

  async findUserId(provider: string, subject: string): Promise<string | null> {
    const rows = (await this.db.manager.query(
      `SELECT user_id FROM external_identities WHERE provider = $1 AND subject = $2`,
      [provider, subject],
    )) as Array<{
      user_id: string;
    }>;
    return rows[0]?.user_id ?? null;
  }
}
