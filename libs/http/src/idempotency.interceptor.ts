import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';
import { Db, isDatabaseUnavailable, RequestContext } from '@opsledger/persistence';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { applyResourceHeaders, routeResourceOf } from './resource-headers';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,200}$/;
const REPLAYED_HEADERS = ['location', 'etag'];

/** How long a duplicate waits for the first request with its key before answering 409. */
const IN_PROGRESS_WAIT_MS = 2_000;

type StoredResponse = {
  request_hash: string;
  status_code: number | null;
  response_body: unknown;
  response_headers: Record<string, string> | null;
};

/**
 * `Idempotency-Key` on POST: the first completed response is stored and a retry with the
 * same key (same caller, same route, same body) gets it back without running the command
 * again. The same key with another body is a 422.
 *
 * The claim is written in the request's own unit of work, before the handler runs, and its
 * response in the same transaction as the handler's writes: both commit or neither does, so
 * a process or database that dies mid-request leaves no claim behind, and a retry either
 * replays the committed response or runs the request (once). A duplicate arriving while the
 * first is running waits on its uncommitted claim (up to IN_PROGRESS_WAIT_MS) and then
 * replays, runs, or answers 409 IDEMPOTENCY_IN_PROGRESS while the first is still live.
 * Nested units of work run under savepoints (Db `nestedSavepoints`): a failed request keeps
 * exactly what it would keep without the key, and releases the key so the client can retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    return from(this.run(ctx, request, String(key), next));
  }

  private async run(
    ctx: ExecutionContext,
    request: FastifyRequest,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    if (!KEY_PATTERN.test(key)) {
      throw new DomainError(
        'REQUEST.INVALID_IDEMPOTENCY_KEY',
        'invalid_input',
        'Idempotency-Key must be 8–200 characters of [A-Za-z0-9_.:-]',
        {
          field: 'Idempotency-Key',
        },
      );
    }
    const actor = this.context.actor;
    const scope = `${actor.id ?? `anonymous:${this.context.ip ?? ''}`}:${request.routeOptions?.url ?? request.url}`;
    const hash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const outcome = await this.db.transaction(
      async (): Promise<{ body: unknown } | { failed: unknown }> => {
        const stored = await this.claim(scope, key, hash);
        if (stored) {
          if (stored.status_code !== null) void reply.status(stored.status_code);
          void reply.header('idempotent-replayed', 'true');
          for (const [name, value] of Object.entries(stored.response_headers ?? {}))
            void reply.header(name, value);
          return { body: stored.response_body };
        }
        let body: unknown;
        try {
          body = await lastValueFrom(next.handle(), { defaultValue: null });
          // The status and headers the answer will carry, as the route's preSerialization
          // hook sets them, so that a replay gives back the same.
          const resource = routeResourceOf(request);
          if (resource) body = applyResourceHeaders(resource, request, reply, body);
        } catch (error) {
          if (isDatabaseUnavailable(error)) throw error;
          // Release the key, keep what the handler's completed units of work wrote (as
          // without a key), and commit; if the transaction is broken, nothing commits.
          await this.sys(() =>
            this.db.manager.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2`, [
              scope,
              key,
            ]),
          ).catch(() => {
            throw error;
          });
          return { failed: error };
        }
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name);
          if (typeof value === 'string') headers[name] = value;
        }
        await this.sys(() =>
          this.db.manager.query(
            `UPDATE idempotency_keys SET status_code = $3, response_body = $4, response_headers = $5, completed_at = now()
             WHERE scope = $1 AND key = $2`,
            [scope, key, reply.statusCode, JSON.stringify(body ?? null), JSON.stringify(headers)],
          ),
        );
        return { body };
      },
      { nestedSavepoints: true },
    );
    if ('failed' in outcome) throw outcome.failed;
    return outcome.body;
  }

  /**
   * Claims the key in the open transaction, or returns the committed response to replay.
   * The insert waits on a duplicate's uncommitted claim: if that one commits, its response
   * is replayed; if it rolls back (failed, crashed), this request takes the key.
   */
  private async claim(scope: string, key: string, hash: string): Promise<StoredResponse | null> {
    return this.sys(async () => {
      const [{ previous }] = (await this.db.manager.query(
        `SELECT current_setting('lock_timeout') AS previous, set_config('lock_timeout', $1, true)`,
        [`${IN_PROGRESS_WAIT_MS}ms`],
      )) as Array<{ previous: string }>;
      let claimed: unknown[];
      try {
        // A claim without a response can only be left by a version that committed claims
        // apart from the work: it is abandoned, and taken over.
        claimed = (await this.db.manager.query(
          `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
           ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()
             WHERE idempotency_keys.status_code IS NULL
           RETURNING key`,
          [scope, key, hash],
        )) as unknown[];
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === '55P03')
          throw new DomainError(
            'REQUEST.IDEMPOTENCY_IN_PROGRESS',
            'conflict',
            'A request with this Idempotency-Key is still being processed',
          );
        throw error;
      }
      await this.db.manager.query(`SELECT set_config('lock_timeout', $1, true)`, [previous]);
      if (claimed.length > 0) return null;
      const rows = (await this.db.manager.query(
        `SELECT request_hash, status_code, response_body, response_headers FROM idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key],
      )) as StoredResponse[];
      const row = rows[0];
      if (row && row.request_hash !== hash) {
        throw new DomainError(
          'REQUEST.IDEMPOTENCY_KEY_REUSED',
          'validation',
          'This Idempotency-Key was used with a different request',
          {
            field: 'Idempotency-Key',
          },
        );
      }
      if (!row || row.status_code === null) {
        throw new DomainError(
          'REQUEST.IDEMPOTENCY_IN_PROGRESS',
          'conflict',
          'A request with this Idempotency-Key is still being processed',
        );
      }
      return row;
    });
  }

  private sys<T>(fn: () => Promise<T>): Promise<T> {
    return this.context.asSystem(() => this.db.transaction(fn));
  }
}
