import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { etagOf } from './etag';
import { ROUTE_RESOURCE_CONFIG, RouteResource } from './route-resource';

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

/** The `RouteResource` of the route a request matched; none for a route not made by `Route`. */
export function routeResourceOf(request: FastifyRequest): RouteResource | undefined {
  return (request.routeOptions?.config as unknown as Record<string, unknown> | undefined)?.[
    ROUTE_RESOURCE_CONFIG
  ] as RouteResource | undefined;
}

/**
 * What a composed route promises about its answer: the status of a `WithStatus`, `ETag` from
 * the view's `version`, `Location` of what a Create route made. Returns the body to send (the
 * view, unwrapped). Setting the same headers twice sets the same values.
 */
export function applyResourceHeaders(
  resource: RouteResource,
  request: FastifyRequest,
  reply: FastifyReply,
  answer: unknown,
): unknown {
  const value = answer instanceof WithStatus ? (answer.body as unknown) : answer;
  if (answer instanceof WithStatus) void reply.status(answer.status);
  const view = value as View;
  if (resource.etag && typeof view?.version === 'number')
    void reply.header('etag', etagOf(view.version));
  if (resource.location) {
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
}

/**
 * Sets the headers composed routes promise on every successful answer, as Fastify serializes
 * it (`preSerialization`: object payloads only, which views are). A hook rather than a global
 * Nest interceptor: Nest wraps each interceptor of a route in deferred, context-bound
 * observables and watches the connection for every request, which a read then pays for
 * nothing (docs/decisions.md, "the conventions of a route's answer without a global
 * interceptor"). Controllers return views and never touch the reply.
 */
export function installResourceHeaders(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (request, reply, payload, done) => {
    const resource = routeResourceOf(request);
    if (!resource || reply.statusCode >= 300) return done(null, payload);
    done(null, applyResourceHeaders(resource, request, reply, payload));
  });
}
