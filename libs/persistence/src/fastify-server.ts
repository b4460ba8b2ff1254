import type { HttpAdapterHost } from '@nestjs/core';

/**
 * The Fastify instance behind the application, for a module that adds hooks to it when the
 * modules start; undefined in an application context without a server (the command-line
 * tasks: Nest's adapter is null there, not undefined). Another HTTP platform is refused, with
 * `purpose` saying what needs Fastify.
 */
export function fastifyServerOf<T>(host: HttpAdapterHost, purpose: string): T | undefined {
  const adapter = host.httpAdapter as HttpAdapterHost['httpAdapter'] | null | undefined;
  if (!adapter) return undefined;
  if (adapter.getType() !== 'fastify')
    throw new Error(`${purpose} by a Fastify hook, not on ${adapter.getType()}`);
  return adapter.getInstance<T>();
}
