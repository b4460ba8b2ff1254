import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { IdentityDirectory } from '../../../../identity/identity.public';
import { OAuthProtocolError } from '../../../domain/oauth.errors';
import { AuthorizationStateReader } from '../authorization-state.reader';
import { OAuthClientReader } from '../oauth-client.reader';
import {
  AuthorizationStep,
  GetNextAuthorizationStepQuery,
} from './get-next-authorization-step.query';

/**
 * Decides the next step of an authorization: sign in (no live session, prompt=login or
 * max_age), pick a tenant (several memberships), consent (a third-party client without a
 * remembered consent for these scopes), or issue the code. With prompt=none any step that
 * needs the user is an error sent back to the client instead.
 */
@QueryHandler(GetNextAuthorizationStepQuery)
export class GetNextAuthorizationStepHandler implements IQueryHandler<
  GetNextAuthorizationStepQuery,
  AuthorizationStep
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly clients: OAuthClientReader,
    private readonly state: AuthorizationStateReader,
    private readonly directory: IdentityDirectory,
  ) {}

  async execute(query: GetNextAuthorizationStepQuery): Promise<AuthorizationStep> {
    const i = query.interaction;
    const silent = i.pr.includes('none');
    const now = Date.now();
    const { client, session } = await this.context.asSystem(() =>
      this.db.read(async () => ({
        client: await this.clients.findByClientId(i.cid),
        session: query.sessionId ? await this.state.session(query.sessionId) : null,
      })),
    );
    if (!client?.isActive)
      return {
        kind: 'error',
        error: new OAuthProtocolError('access_denied', 'The client has been deactivated'),
      };

    const user = session?.live ? await this.directory.findUser(session.userId) : null;
    const authTime = session?.authTime;
    const reauthenticate =
      (i.pr.includes('login') && session?.id !== i.li) ||
      (i.ma !== undefined && authTime !== undefined && now - authTime.getTime() > i.ma * 1000);
    if (!session || !user?.isActive || !authTime || reauthenticate) {
      return silent
        ? {
            kind: 'error',
            error: new OAuthProtocolError('login_required', 'The user is not signed in'),
          }
        : { kind: 'login', client };
    }

    const usable = (await this.directory.memberships(user.id)).filter((m) => m.usable);
    let tenantId: string | null;
    if (client.tenantId) {
      if (!usable.some((m) => m.tenantId === client.tenantId)) {
        return {
          kind: 'error',
          error: new OAuthProtocolError(
            'access_denied',
            'The account is not a member of the tenant this application belongs to',
          ),
        };
      }
      tenantId = client.tenantId;
    } else if (usable.length <= 1) {
      tenantId = usable[0]?.tenantId ?? null;
    } else if (i.tid && usable.some((m) => m.tenantId === i.tid)) {
      tenantId = i.tid;
    } else if (silent) {
      tenantId = (usable.find((m) => m.isDefault) ?? usable[0]).tenantId;
    } else {
      return {
        kind: 'tenant',
        client,
        choices: usable.map((m) => ({
          tenantId: m.tenantId,
          name: m.tenantName,
          role: m.role,
          isDefault: m.isDefault,
        })),
      };
    }

    if (!client.isFirstParty) {
      const consent = await this.context.asSystem(() =>
        this.db.read(() => this.state.consent(user.id, client.id)),
      );
      const covers = consent?.live === true && i.sc.every((s) => consent.scopes.includes(s));
      const renewed = !i.pr.includes('consent') || i.cg === true;
      if (!covers || !renewed) {
        return silent
          ? {
              kind: 'error',
              error: new OAuthProtocolError(
                'consent_required',
                'The user has not consented to these scopes',
              ),
            }
          : { kind: 'consent', client, scopes: i.sc, userId: user.id, userLabel: user.email };
      }
    }
    return { kind: 'issue', client, userId: user.id, tenantId, sessionId: session.id, authTime };
  }
}
