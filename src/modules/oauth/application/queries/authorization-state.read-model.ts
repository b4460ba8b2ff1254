export interface SsoSessionView {
  id: string;
  userId: string;
  authTime: Date;
  /** Not ended and not expired. */
  live: boolean;
}

export interface ConsentView {
  scopes: string[];
  grantedAt: Date;
  live: boolean;
}

/** Read port for the state an authorization request is judged against. */
export abstract class AuthorizationStateReader {
  abstract session(id: string): Promise<SsoSessionView | null>;
  /** `clientId` is the client's row id. */
  abstract consent(userId: string, clientId: string): Promise<ConsentView | null>;
}
