import { ExternalIdentity } from './external-identity.aggregate';

export abstract class ExternalIdentityRepository {
  abstract findById(id: string): Promise<ExternalIdentity | null>;
  abstract existsFor(provider: string, subject: string): Promise<boolean>;
  /** Writes a linked identity, or deletes the row of an unlinked one. */
  abstract save(identity: ExternalIdentity): Promise<void>;
}
