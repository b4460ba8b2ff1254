import { isRawBodyRouteConfig } from '@opsledger/http';
import type { FastifyInstance } from 'fastify';
import { Transform } from 'node:stream';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's bytes as received; only on routes marked `@RawBodyRoute()`. */
    rawBody?: Buffer;
  }
}

/**
 * Routes marked `@RawBodyRoute()` (signed webhooks) get the bytes they were sent beside the
 * parsed body: the payload is copied on its way to the JSON parser, which still applies the
 * body limit, so nothing here can grow past it.
 */
export function registerRawBodyCapture(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    if (!isRawBodyRouteConfig(request.routeOptions?.config)) {
      done(null, payload);
      return;
    }
    const chunks: Buffer[] = [];
    const copy = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        chunks.push(chunk);
        next(null, chunk);
      },
      flush(next) {
        request.rawBody = Buffer.concat(chunks);
        next();
      },
    });
    payload.on('error', (error) => copy.destroy(error));
    done(null, payload.pipe(copy));
  });
}
