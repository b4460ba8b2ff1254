import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { ApiKeyView } from '../../application/queries/api-key.read-model';
import { ApiKeyReader } from '../../application/queries/api-key.reader';
import { ApiKeyService, ApiKeyStatus } from '../../domain/api-key-service';

interface ApiKeyMetadataRow {
  id: string;
  user_id: string;
  service: ApiKeyService;
  last_four: string;
  status: ApiKeyStatus | null;
  last_checked: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** Deliberately lists metadata columns only: no read path selects the ciphertext, nonce or salt. */
const METADATA = `id, user_id, service, last_four, status, last_checked, created_at, updated_at, version`;

const toView = (r: ApiKeyMetadataRow): ApiKeyView => ({
  id: r.id,
  userId: r.user_id,
  service: r.service,
  lastFour: r.last_four,
  status: r.status ?? 'active',
  lastChecked: r.last_checked,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

@Injectable()
export class SqlApiKeyReader extends ApiKeyReader {
  constructor(private readonly db: Db) {
    super();
  }

  async listForUser(
    userId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ApiKeyView>> {
    const after = decodeCursor(cursor, 1) as [string] | null;
    const rows = (await this.db.manager.query(
      `SELECT ${METADATA} FROM api_keys WHERE user_id = $1 AND ($2::text IS NULL OR service > $2::text)
        ORDER BY service LIMIT $3`,
      [userId, typeof after?.[0] === 'string' ? after[0] : null, limit + 1],
    )) as ApiKeyMetadataRow[];
    return toPage(rows, limit, toView, (r) => [r.service]);
  }

  async getForUser(userId: string, service: ApiKeyService): Promise<ApiKeyView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${METADATA} FROM api_keys WHERE user_id = $1 AND service = $2`,
      [userId, service],
    )) as ApiKeyMetadataRow[];
    return rows[0] ? toView(rows[0]) : null;
  }
}
