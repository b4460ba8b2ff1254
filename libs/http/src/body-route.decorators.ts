import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConsumes } from '@nestjs/swagger';

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
  applyDecorators(RouteConfig(MULTIPART_ROUTE_CONFIG), ApiConsumes('multipart/form-data'));

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
export const RawBodyRoute = () => RouteConfig(RAW_BODY_ROUTE_CONFIG);
