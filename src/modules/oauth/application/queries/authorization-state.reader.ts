import { SsoSessionView, ConsentView } from './authorization-state.read-model';

/** Read port for the state an authorization request is judged against. */
export abstract class AuthorizationStateReader {
  abstract session(id: string): Promise<SsoSessionView | null>;
  /** `clientId` is the client's row id. */
  abstract consent(userId: string, clientId: string): Promise<ConsentView | null>;
}
