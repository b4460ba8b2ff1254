import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '@opsledger/persistence';

export const IS_PUBLIC = 'opsledger:public';
export const PLATFORM_ROLES = 'opsledger:platform-roles';
export const TENANT_ROLES = 'opsledger:tenant-roles';

/** Opts a route out of the deny-by-default authentication guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Requires one of these platform roles (`admin`, `support`, `auditor`, `standard`, `user`). */
export const Roles = (...roles: string[]) => SetMetadata(PLATFORM_ROLES, roles);

/** Requires one of these roles in the token's tenant (platform admins always pass). */
export const TenantRoles = (...roles: string[]) => SetMetadata(TENANT_ROLES, roles);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<{ user?: Actor }>();
  if (!request.user) throw new Error('CurrentActor used on a public route');
  return request.user;
});
