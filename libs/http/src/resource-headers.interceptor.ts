import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { etagOf } from './etag';
import { ROUTE_RESOURCE, RouteResource } from './route.decorator';

type View = { id?: unknown; version?: unknown } | null | undefined;

/**
 * A view answered with a status decided at run time (a route that creates, or finds nothing new
 * and answers what exists); the route documents every status it can answer.
 */
export class WithStatus<T> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}

/**
 * Sets the headers a composed route (see `Route`) promises: `ETag` from the returned view's
 * `version`, and `Location` of what a Create route made. Controllers return views and never
 * touch the reply.
 */
@Injectable()
export class ResourceHeadersInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const resource = this.reflector.get<RouteResource | undefined>(
      ROUTE_RESOURCE,
      ctx.getHandler(),
    );
    if (!resource || ctx.getType() !== 'http') return next.handle();
    const http = ctx.switchToHttp();
    return next.handle().pipe(
      map((answer: unknown) => {
        const reply = http.getResponse<FastifyReply>();
        const value = answer instanceof WithStatus ? (answer.body as unknown) : answer;
        if (answer instanceof WithStatus) void reply.status(answer.status);
        const view = value as View;
        if (resource.etag && typeof view?.version === 'number')
          void reply.header('etag', etagOf(view.version));
        if (resource.location) {
          const request = http.getRequest<FastifyRequest>();
          const params = (request.params ?? {}) as Record<string, string>;
          const location =
            resource.location === 'default'
              ? typeof view?.id === 'string'
                ? `${request.url.split('?')[0].replace(/\/+$/, '')}/${view.id}`
                : undefined
              : resource.location(view, params);
          if (location) void reply.header('location', location);
        }
        return value;
      }),
    );
  }
}
