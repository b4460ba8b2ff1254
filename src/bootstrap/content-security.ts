import type { FastifyInstance } from 'fastify';

/** Every response: nothing inline, nothing from elsewhere (docs/decisions.md, issue 11). */
export const API_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

const SWAGGER_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: validator.swagger.io",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Swagger UI's page (`/docs`): its scripts are files (`script-src 'self'`, nothing inline),
 * but its React code applies inline styles at run time, which no hash can list ahead; the
 * page alone allows inline styles, which cannot run code.
 */
export function registerSwaggerPageCsp(fastify: FastifyInstance, docsPath = '/docs'): void {
  const pages = new Set([docsPath, `${docsPath}/`, `${docsPath}/index.html`]);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (pages.has(request.url.split('?')[0]) && type.startsWith('text/html'))
      void reply.header('content-security-policy', SWAGGER_PAGE_CSP);
    done(null, payload);
  });
}
