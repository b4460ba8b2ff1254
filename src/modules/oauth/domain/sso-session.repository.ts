import { SsoSession } from './sso-session.aggregate';

export abstract class SsoSessionRepository {
  abstract findById(id: string): Promise<SsoSession | null>;
  abstract save(session: SsoSession): Promise<void>;
}
