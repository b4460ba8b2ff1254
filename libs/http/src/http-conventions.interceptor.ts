import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { ResourceHeadersInterceptor } from './resource-headers.interceptor';

/**
 * The one global interceptor: `Idempotency-Key` around the resource headers (the replay stores
 * and gives back the `ETag`/`Location` the inner one sets), composed here rather than
 * registered as two. Nest wraps each registered interceptor in its own deferred, context-bound
 * observable (an `AsyncResource` and several rxjs subscribers per request); composed, the
 * handler is still called inside the bound context Nest gives the last interceptor, and the
 * request pays for one layer instead of two.
 */
@Injectable()
export class HttpConventionsInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyInterceptor,
    private readonly resourceHeaders: ResourceHeadersInterceptor,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return this.idempotency.intercept(ctx, {
      handle: () => this.resourceHeaders.intercept(ctx, next),
    });
  }
}
