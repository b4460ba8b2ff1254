import { Consent } from './consent.aggregate';

export abstract class ConsentRepository {
  /** `clientId` is the client's row id (oauth_clients.id). */
  abstract findByUserAndClient(userId: string, clientId: string): Promise<Consent | null>;
  abstract save(consent: Consent): Promise<void>;
}
