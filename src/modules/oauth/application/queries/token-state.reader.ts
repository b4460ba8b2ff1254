import { TokenStateView } from './token-state.read-model';

export abstract class TokenStateReader {
  abstract accessToken(jti: string): Promise<TokenStateView | null>;
  abstract refreshToken(id: string): Promise<TokenStateView | null>;
}
