import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Actor } from '@opsledger/persistence';
import { parseIfMatch } from './etag';
import { invalidIdError, isUuid } from './uuid-param';

/** Who acts on which resource, at which version: what most routes on one resource need. */
export interface Target {
  actor: Actor;
  /** The `:id` path parameter (a UUID; anything else is a 400 naming it). */
  id: string;
  /** The version `If-Match` names; undefined when absent (a malformed one is a 400). */
  ifMatch: number | undefined;
}

type TargetRequest = {
  user?: Actor;
  params?: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
};

/**
 * The acting actor, the UUID path parameter `:id` and `If-Match` as one parameter:
 * `@Target() { actor, id, ifMatch }: Target`. Documents the path parameter.
 */
export const Target = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Target => {
    const request = ctx.switchToHttp().getRequest<TargetRequest>();
    if (!request.user) throw new Error('Target used on a public route');
    const id = request.params?.id;
    if (!id || !isUuid(id)) throw invalidIdError('id');
    const header = request.headers['if-match'];
    // Read when used: a route that does not honour If-Match ignores it, as before.
    return {
      actor: request.user,
      id,
      get ifMatch() {
        return parseIfMatch(header);
      },
    };
  },
  [
    (target, key) => {
      const descriptor =
        key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
      if (key !== undefined && descriptor)
        ApiParam({ name: 'id', type: String })(target, key, descriptor);
    },
  ],
);
