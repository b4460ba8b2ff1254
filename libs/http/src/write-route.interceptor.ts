import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Db, RequestContext } from '@opsledger/persistence';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { routeResourceOf } from './resource-headers';

/**
 * The one interceptor of a composed write route (see `Route`): `Idempotency-Key` on POST around
 * the route's unit of work (its command and the read that answers it in one transaction).
 * One layer rather than two: Nest wraps each interceptor of a route in its own deferred,
 * context-bound observable. Reads have none; their headers come from the preSerialization hook
 * (`installResourceHeaders`).
 */
@Injectable()
export class WriteRouteInterceptor implements NestInterceptor {
  private readonly idempotency: IdempotencyInterceptor;

  constructor(
    private readonly db: Db,
    context: RequestContext,
  ) {
    this.idempotency = new IdempotencyInterceptor(db, context);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const resource = routeResourceOf(ctx.switchToHttp().getRequest<FastifyRequest>());
    const handler: CallHandler =
      resource?.unitOfWork === false
        ? next
        : {
            handle: () =>
              from(
                this.db.transaction(() =>
                  lastValueFrom(next.handle(), { defaultValue: undefined }),
                ),
              ),
          };
    return this.idempotency.intercept(ctx, handler);
  }
}
