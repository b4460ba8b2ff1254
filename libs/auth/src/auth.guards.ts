import { ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@opsledger/ddd';
import { Actor, RequestContext } from '@opsledger/persistence';
import { IS_PUBLIC, PLATFORM_ROLES, TENANT_ROLES } from './decorators';
import { ExternalTokenVerifier } from './external-token';
import { bearerTokenOf, JwtStrategy } from './jwt.strategy';

/**
 * Global guard, deny by default: a route is reachable without a valid bearer token only
 * when marked @Public(). The verified actor is put in the request context for RLS and
 * the ledger's metadata, then role requirements are checked. A token the platform did not
 * sign is offered to the ExternalTokenVerifier, when a context provides one and the token
 * names one of its issuers.
 */
interface RouteAccess {
  isPublic: boolean;
  platformRoles?: string[];
  tenantRoles?: string[];
}

@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  /** Route metadata never changes after boot: read it once per handler, not per request. */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAccess>>();
  private externalVerifier: ExternalTokenVerifier | null | undefined;

  constructor(
    private readonly reflector: Reflector,
    private readonly context: RequestContext,
    private readonly moduleRef: ModuleRef,
    private readonly jwt: JwtStrategy,
  ) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { isPublic, platformRoles, tenantRoles } = this.accessOf(ctx);
    if (isPublic) return true;
    const request = ctx
      .switchToHttp()
      .getRequest<{ user?: Actor; headers: Record<string, unknown> }>();
    const token = bearerTokenOf(request.headers.authorization);
    const known = token ? this.jwt.admitVerified(token) : undefined;
    if (known) request.user = known;
    else
      try {
        await (super.canActivate(ctx) as Promise<boolean>);
      } catch (error) {
        const external = token ? this.external() : null;
        if (!token || !external?.accepts(token)) throw error;
        request.user = await external.verify(token);
      }
    const actor = request.user as Actor;
    this.context.setActor(actor);
    if (platformRoles && !platformRoles.some((r) => actor.roles.includes(r))) {
      throw new DomainError(
        'AUTH.ROLE_REQUIRED',
        'forbidden',
        `This needs one of the roles: ${platformRoles.join(', ')}`,
      );
    }
    if (tenantRoles && !actor.roles.includes('admin')) {
      if (!actor.tenantId)
        throw new DomainError(
          'AUTH.TENANT_REQUIRED',
          'forbidden',
          'This needs a token for a tenant',
        );
      if (!actor.tenantRole || !tenantRoles.includes(actor.tenantRole)) {
        throw new DomainError(
          'AUTH.TENANT_ROLE_REQUIRED',
          'forbidden',
          `This needs one of the tenant roles: ${tenantRoles.join(', ')}`,
        );
      }
    }
    return true;
  }

  /** Looked up once, across modules: the guard lives in the platform module, the verifier in a context. */
  private external(): ExternalTokenVerifier | null {
    if (this.externalVerifier !== undefined) return this.externalVerifier;
    let found: ExternalTokenVerifier | null;
    try {
      found = this.moduleRef.get(ExternalTokenVerifier, { strict: false }) ?? null;
    } catch {
      found = null;
    }
    this.externalVerifier = found;
    return found;
  }

  private accessOf(ctx: ExecutionContext): RouteAccess {
    const handler = ctx.getHandler();
    const controller = ctx.getClass();
    let byHandler = this.routes.get(controller);
    if (!byHandler) this.routes.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (!access) {
      const targets = [handler, controller];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        platformRoles: this.reflector.getAllAndOverride<string[] | undefined>(
          PLATFORM_ROLES,
          targets,
        ),
        tenantRoles: this.reflector.getAllAndOverride<string[] | undefined>(TENANT_ROLES, targets),
      };
      byHandler.set(handler, access);
    }
    return access;
  }

  override handleRequest<TUser>(err: unknown, user: TUser, info: unknown): TUser {
    if (err instanceof DomainError) throw err;
    if (err || !user) {
      const reason = info instanceof Error ? info.message : 'missing or invalid bearer token';
      throw new DomainError(
        'AUTH.UNAUTHENTICATED',
        'unauthorized',
        `Authentication required: ${reason}`,
      );
    }
    return user;
  }
}
