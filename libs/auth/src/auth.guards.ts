import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@opsledger/ddd';
import { Actor, RequestContext } from '@opsledger/persistence';
import { IS_PUBLIC, PLATFORM_ROLES, TENANT_ROLES } from './decorators';

/**
 * Global guard, deny by default: a route is reachable without a valid bearer token only
 * when marked @Public(). The verified actor is put in the request context for RLS and
 * the ledger's metadata, then role requirements are checked.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly context: RequestContext,
  ) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await (super.canActivate(ctx) as Promise<boolean>);
    const actor = ctx.switchToHttp().getRequest<{ user: Actor }>().user;
    this.context.setActor(actor);
    const platformRoles = this.reflector.getAllAndOverride<string[] | undefined>(PLATFORM_ROLES, targets);
    if (platformRoles && !platformRoles.some((r) => actor.roles.includes(r))) {
      throw new DomainError('AUTH.ROLE_REQUIRED', 'forbidden', `This needs one of the roles: ${platformRoles.join(', ')}`);
    }
    const tenantRoles = this.reflector.getAllAndOverride<string[] | undefined>(TENANT_ROLES, targets);
    if (tenantRoles && !actor.roles.includes('admin')) {
      if (!actor.tenantId) throw new DomainError('AUTH.TENANT_REQUIRED', 'forbidden', 'This needs a token for a tenant');
      if (!actor.tenantRole || !tenantRoles.includes(actor.tenantRole)) {
        throw new DomainError('AUTH.TENANT_ROLE_REQUIRED', 'forbidden', `This needs one of the tenant roles: ${tenantRoles.join(', ')}`);
      }
    }
    return true;
  }

  override handleRequest<TUser>(err: unknown, user: TUser, info: unknown): TUser {
    if (err || !user) {
      const reason = info instanceof Error ? info.message : 'missing or invalid bearer token';
      throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', `Authentication required: ${reason}`);
    }
    return user;
  }
}
