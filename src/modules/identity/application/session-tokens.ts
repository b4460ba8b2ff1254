import { Injectable } from '@nestjs/common';
import { TokenIssuer } from '@opsledger/auth';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  sessionId: string;
  tenantId: string | null;
}

/** Access token for a session: platform role, tenant and tenant role as claims. */
@Injectable()
export class SessionTokens {
  constructor(private readonly issuer: TokenIssuer) {}

  async pair(args: {
    userId: string;
    role: string;
    sessionId: string;
    tenantId: string | null;
    tenantRole: string | null;
    refreshToken: string;
  }): Promise<TokenPair> {
    const accessToken = await this.issuer.issueAccessToken({
      sub: args.userId,
      tid: args.tenantId,
      roles: [args.role],
      trole: args.tenantRole,
      sid: args.sessionId,
      scope: 'api',
      typ: 'user',
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.issuer.accessTokenTtlSeconds,
      refreshToken: args.refreshToken,
      sessionId: args.sessionId,
      tenantId: args.tenantId,
    };
  }
}
