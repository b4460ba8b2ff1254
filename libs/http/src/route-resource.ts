/** The kinds of route `Route` composes. */
export type RouteKind = 'read' | 'list' | 'create' | 'update' | 'action' | 'delete';

/** What a route's answer promises (`installResourceHeaders`) and how its writes run. */
export interface RouteResource {
  kind: RouteKind;
  etag: boolean;
  location: false | ((view: unknown, params: Record<string, string>) => string) | 'default';
  /** A write route's command and answering read share one transaction (`WriteRouteInterceptor`). */
  unitOfWork: boolean;
}

/** Where a composed route keeps its `RouteResource` in Fastify's route config. */
export const ROUTE_RESOURCE_CONFIG = 'opsledgerResource';
