import { Session } from './session.aggregate';

/** Port: sessions with the refresh tokens a rotation needs (the presented one and the live one). */
export abstract class SessionRepository {
  abstract findById(id: string): Promise<Session | null>;
  abstract findByTokenId(tokenId: string): Promise<Session | null>;
  abstract findActiveByUser(userId: string): Promise<Session[]>;
  abstract save(session: Session): Promise<void>;
}
