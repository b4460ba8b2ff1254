import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  ConsentView,
  SsoSessionView,
} from '../../application/queries/authorization-state.read-model';
import { AuthorizationStateReader } from '../../application/queries/authorization-state.reader';

@Injectable()
export class SqlAuthorizationStateReader extends AuthorizationStateReader {
  constructor(private readonly db: Db) {
    super();
  }

  async session(id: string): Promise<SsoSessionView | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, auth_time, (ended_at IS NULL AND expires_at > now()) AS live FROM oauth_sessions WHERE id = $1`,
      [id],
    )) as Array<{ id: string; user_id: string; auth_time: Date; live: boolean }>;
    const r = rows[0];
    return r ? { id: r.id, userId: r.user_id, authTime: r.auth_time, live: r.live } : null;
  }

  async consent(userId: string, clientId: string): Promise<ConsentView | null> {
    const rows = (await this.db.manager.query(
      `SELECT scopes, granted_at, revoked_at IS NULL AS live FROM oauth_consents WHERE user_id = $1 AND client_id = $2`,
      [userId, clientId],
    )) as Array<{ scopes: string[]; granted_at: Date; live: boolean }>;
    const r = rows[0];
    return r ? { scopes: r.scopes, grantedAt: r.granted_at, live: r.live } : null;
  }
}
