import { applyDecorators } from '@nestjs/common';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { ApiConsumes } from '@nestjs/swagger';

/**
 * Adds entries to a route's Fastify `config` (`request.routeOptions.config`), keeping what other
 * decorators put there: Nest's `RouteConfig` replaces the whole object, and a composed route
 * (`Route`) and a body decorator (`MultipartRoute`, `RawBodyRoute`) each need theirs.
 */
export function WithRouteConfig(entries: Record<string, unknown>): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const previous = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as
      Record<string, unknown> | undefined;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...previous, ...entries }, handler);
    return descriptor;
  };
}

/** The Fastify route option that lets a route take `multipart/form-data` instead of JSON. */
export const MULTIPART_ROUTE_CONFIG = { multipart: true } as const;

export function isMultipartRouteConfig(config: unknown): boolean {
  return (
    typeof config === 'object' &&
    config !== null &&
    (config as { multipart?: unknown }).multipart === true
  );
}

/**
 * A route that takes one streamed `multipart/form-data` upload. Every other route keeps
 * answering 415 to anything but UTF-8 JSON (the hostile-input guard reads this flag).
 */
export const MultipartRoute = () =>
  applyDecorators(WithRouteConfig(MULTIPART_ROUTE_CONFIG), ApiConsumes('multipart/form-data'));

/** The Fastify route option that keeps the request's raw bytes as `request.rawBody`. */
export const RAW_BODY_ROUTE_CONFIG = { rawBody: true } as const;

export function isRawBodyRouteConfig(config: unknown): boolean {
  return (
    typeof config === 'object' &&
    config !== null &&
    (config as { rawBody?: unknown }).rawBody === true
  );
}

/**
 * A JSON route that also needs the exact bytes it received (`request.rawBody`), e.g. to check
 * a sender's signature over them; the body is parsed and validated as usual.
 */
export const RawBodyRoute = () => WithRouteConfig(RAW_BODY_ROUTE_CONFIG);
