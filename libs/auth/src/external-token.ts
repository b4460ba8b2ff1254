import type { Actor } from '@opsledger/persistence';

/**
 * Port: bearer tokens of other identity providers the platform trusts (configured external
 * issuers), mapped to one of our accounts. A context that links accounts to such providers
 * provides it; without a provider, only the platform's own tokens are accepted.
 */
export abstract class ExternalTokenVerifier {
  /** Whether the token names an issuer this verifier trusts (an unverified look at `iss`). */
  abstract accepts(token: string): boolean;
  /** The actor the token acts as; throws a DomainError when it does not verify or names nobody linked. */
  abstract verify(token: string): Promise<Actor>;
}
