import { Inject, Injectable, Logger } from '@nestjs/common';
import { ExternalTokenVerifier } from '@opsledger/auth';
import { DomainError } from '@opsledger/ddd';
import { Actor, Db, RequestContext } from '@opsledger/persistence';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import {
  APP_CONFIG,
  AppConfig,
  ExternalIssuer,
  externalIssuersOf,
} from '../../../../config/app-config';
import { IdentityDirectory } from '../../../identity/identity.public';
import { ExternalIdentityReader } from '../../application/queries/external-identity.reader';

/** Asymmetric algorithms only: a shared-secret (HS*) token could be forged by anyone who knows the secret. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

const unauthenticated = (reason: string) =>
  new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', `Authentication required: ${reason}`);

/**
 * Access tokens of the external issuers in EXTERNAL_ISSUERS, verified against each issuer's
 * JWKS (fetched and cached by jose), for the account linked to (provider, sub). The account
 * acts with its own platform role, in its default tenant.
 */
@Injectable()
export class JoseExternalTokenVerifier extends ExternalTokenVerifier {
  private readonly logger = new Logger('ExternalTokens');
  private readonly issuers = new Map<
    string,
    { config: ExternalIssuer; keys: ReturnType<typeof createRemoteJWKSet> }
  >();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly identities: ExternalIdentityReader,
    private readonly directory: IdentityDirectory,
  ) {
    super();
    for (const issuer of externalIssuersOf(config)) {
      this.issuers.set(issuer.issuer, {
        config: issuer,
        keys: createRemoteJWKSet(new URL(issuer.jwksUri)),
      });
    }
  }

  accepts(token: string): boolean {
    if (this.issuers.size === 0) return false;
    try {
      const { iss } = decodeJwt(token);
      return typeof iss === 'string' && this.issuers.has(iss);
    } catch {
      return false;
    }
  }

  async verify(token: string): Promise<Actor> {
    const entry = this.issuers.get(String(decodeJwt(token).iss));
    if (!entry) throw unauthenticated('unknown issuer');
    let subject: string;
    try {
      const { payload } = await jwtVerify(token, entry.keys, {
        issuer: entry.config.issuer,
        audience: entry.config.audience,
        algorithms: ALGORITHMS,
      });
      if (typeof payload.sub !== 'string' || payload.sub.length === 0)
        throw new Error('no subject');
      subject = payload.sub;
    } catch (error) {
      this.logger.debug({ err: error, issuer: entry.config.issuer }, 'external token refused');
      throw unauthenticated(`the ${entry.config.provider} token did not verify`);
    }
    const userId = await this.context.asSystem(() =>
      this.db.read(() => this.identities.findUserId(entry.config.provider, subject)),
    );
    if (!userId)
      throw unauthenticated(`no account is linked to this ${entry.config.provider} identity`);
    const user = await this.directory.findUser(userId);
    if (!user?.isActive) throw unauthenticated('the linked account is deactivated');
    const usable = (await this.directory.memberships(userId)).filter((m) => m.usable);
    const tenant = usable.find((m) => m.isDefault) ?? usable[0] ?? null;
    return {
      id: userId,
      type: 'user',
      tenantId: tenant?.tenantId ?? null,
      roles: [user.role],
      tenantRole: tenant?.role ?? null,
      sessionId: null,
    };
  }
}
