import { Page } from '@opsledger/http';
import { OAuthClientView } from './oauth-client.read-model';

/** Read port over oauth_clients: admin listings and the protocol endpoints' lookups. */
export abstract class OAuthClientReader {
  abstract get(id: string): Promise<OAuthClientView | null>;
  abstract findByClientId(clientId: string): Promise<OAuthClientView | null>;
  /** The client and its secret's hash, for client authentication only. */
  abstract credentialsOf(
    clientId: string,
  ): Promise<{ client: OAuthClientView; secretHash: string | null } | null>;
  /** Whether an active client registered this web origin (CORS of the protocol endpoints). */
  abstract isAllowedOrigin(origin: string): Promise<boolean>;
  abstract list(limit: number, cursor: string | undefined): Promise<Page<OAuthClientView>>;
}
