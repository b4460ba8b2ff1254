import { SealVerification } from './seal-verification';

/** Where verifications of seals are remembered. */
export abstract class SealVerificationRepository {
  /** The records of these seals that exist. */
  abstract forSeals(sealIds: readonly string[]): Promise<SealVerification[]>;

  /** Adds or replaces the records of these seals. */
  abstract record(verifications: readonly SealVerification[]): Promise<void>;

  /** Forgets every record: the next default verification walks the whole ledger. */
  abstract forgetAll(): Promise<void>;
}
