import { TokenFamily } from './token-family.aggregate';

/**
 * Port: token families with the tokens an operation needs. Every finder locks the family
 * row, so two refreshes (or a refresh and a revocation) of one family are serialised.
 */
export abstract class TokenFamilyRepository {
  abstract findById(id: string): Promise<TokenFamily | null>;
  /** The family of a refresh token, loaded with that token and the family's live ones. */
  abstract findByRefreshTokenId(refreshTokenId: string): Promise<TokenFamily | null>;
  /** The family of an access token, loaded with that token. */
  abstract findByAccessTokenId(accessTokenId: string): Promise<TokenFamily | null>;
  abstract findLive(filter: {
    userId: string;
    clientId?: string;
    sessionId?: string;
  }): Promise<TokenFamily[]>;
  abstract save(family: TokenFamily): Promise<void>;
}
