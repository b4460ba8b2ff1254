import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What one scope holds: the request context's fields by name, the open unit of work by symbol. */
export type RequestScopeStore = Record<string | symbol, unknown>;

/** The process's one store of scopes: each HTTP request, worker run or projection pass has its own. */
const scopes = new AsyncLocalStorage<RequestScopeStore>();

/**
 * The scope of the work running now (an HTTP request, a job, a projection pass): who acts, from
 * where, under which correlation id, and the unit of work that is open. It follows the work
 * through every `await`, so a repository finds the request's transaction and the event store
 * its actor without either being passed along. One `AsyncLocalStorage` store per scope;
 * `openRequestScopes` opens one for every HTTP request.
 */
@Injectable()
export class RequestScope {
  /** Whether work is running inside a scope (outside one, `set` has nowhere to write). */
  isActive(): boolean {
    return scopes.getStore() !== undefined;
  }

  get<T = unknown>(key: string | symbol): T | undefined {
    return RequestScope.read<T>(key);
  }

  set(key: string | symbol, value: unknown): void {
    const store = scopes.getStore();
    if (store === undefined) throw new Error(`no request scope is open to set "${String(key)}" in`);
    store[key] = value;
  }

  /**
   * Runs fn in a scope of its own: `inherit` starts it as a copy of the current one (what fn
   * sets stays inside fn), `empty` starts it empty (nothing of the caller's scope reaches fn).
   */
  run<T>(start: 'inherit' | 'empty', fn: () => T): T {
    const current = scopes.getStore();
    return scopes.run(start === 'inherit' && current !== undefined ? { ...current } : {}, fn);
  }

  /** The current scope's value for key, for code outside Nest's injector (the root logger). */
  static read<T = unknown>(key: string | symbol): T | undefined {
    return scopes.getStore()?.[key] as T | undefined;
  }

  /** Runs fn in the given store: used by the hook that opens a request's scope. */
  static open<T>(store: RequestScopeStore, fn: () => T): T {
    return scopes.run(store, fn);
  }
}

/** How a request's client address is read (the persistence module's option). */
export type ClientAddressOf = (req: IncomingMessage) => string | null;

/** A header's value when it is one string of at most 200 characters. */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value.length <= 200 ? value : undefined;
}

/**
 * The scope of an HTTP request, opened before anything of the request runs: the client's
 * address, its user agent and the correlation id (the caller's `X-Correlation-Id` or
 * `X-Request-Id`, else the server's request id, else a new one). The actor is added once the guard has authenticated.
 */
export function requestScopeOf(
  req: IncomingMessage,
  clientAddress: ClientAddressOf,
  requestId?: string,
): RequestScopeStore {
  return {
    ip: clientAddress(req),
    userAgent: headerOf(req, 'user-agent')?.slice(0, 500) ?? null,
    correlationId:
      headerOf(req, 'x-correlation-id') ??
      headerOf(req, 'x-request-id') ??
      requestId ??
      randomUUID(),
    causationId: null,
  };
}

/** The part of Fastify the scope's request hook needs. */
interface RequestHookHost {
  addHook(
    name: 'onRequest',
    hook: (request: { raw: IncomingMessage; id: string }, reply: unknown, done: () => void) => void,
  ): unknown;
}

/**
 * Opens a scope for every request the HTTP server receives: a Fastify `onRequest` hook, so the
 * rest of the request (its other hooks, the body's parsing, guards, interceptors, the handler
 * and the reply) runs inside it; Fastify carries the scope across the body's stream events.
 * A hook rather than a Nest middleware: middleware on Fastify runs through `@fastify/middie`,
 * whose engine (path matching, a holder per request) cost more than the scope itself.
 */
export function openRequestScopes(server: RequestHookHost, clientAddress: ClientAddressOf): void {
  server.addHook('onRequest', (request, _reply, done) =>
    RequestScope.open(requestScopeOf(request.raw, clientAddress, request.id), done),
  );
}
