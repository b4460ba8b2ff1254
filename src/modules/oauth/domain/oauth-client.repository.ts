import { OAuthClient } from './oauth-client.aggregate';

/** Port: loads and saves OAuth clients (state row + ledger events in one transaction). */
export abstract class OAuthClientRepository {
  abstract findById(id: string): Promise<OAuthClient | null>;
  abstract findByClientId(clientId: string): Promise<OAuthClient | null>;
  abstract save(client: OAuthClient): Promise<void>;
}
