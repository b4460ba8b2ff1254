import { AuthorizationCode } from './authorization-code.aggregate';

export abstract class AuthorizationCodeRepository {
  /** Locks the row: two redemptions of one code are serialised, so the second sees the first. */
  abstract findByCodeHash(codeHash: string): Promise<AuthorizationCode | null>;
  abstract save(code: AuthorizationCode): Promise<void>;
}
