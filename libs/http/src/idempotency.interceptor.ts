import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { DomainError } from '@opsledger/ddd';
import { Db, RequestContext } from '@opsledger/persistence';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,200}$/;
const REPLAYED_HEADERS = ['location', 'etag'];

/**
 * `Idempotency-Key` on POST: the first completed response is stored and a retry with the
 * same key (same caller, same route, same body) gets it back without running the command
 * again. The same key with another body is a 422; a retry while the first is still running
 * is a 409. Failed attempts release the key so the client can retry.
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
    const claimed: unknown[] = await this.sys(() =>
      this.db.manager.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [scope, key, hash],
      ),
    );
    if (claimed.length === 0) {
      const rows = (await this.sys(() =>
        this.db.manager.query(
          `SELECT request_hash, status_code, response_body, response_headers FROM idempotency_keys WHERE scope = $1 AND key = $2`,
          [scope, key],
        ),
      )) as Array<{
        request_hash: string;
        status_code: number | null;
        response_body: unknown;
        response_headers: Record<string, string> | null;
      }>;
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
      void reply.header('idempotent-replayed', 'true');
      for (const [name, value] of Object.entries(row.response_headers ?? {}))
        void reply.header(name, value);
      return row.response_body;
    }
    try {
      const body: unknown = await lastValueFrom(next.handle(), { defaultValue: null });
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      await this.sys(() =>
        this.db.manager.query(
          `UPDATE idempotency_keys SET status_code = $3, response_body = $4, response_headers = $5, completed_at = now()
           WHERE scope = $1 AND key = $2`,
          [scope, key, this.statusOf(ctx), JSON.stringify(body ?? null), JSON.stringify(headers)],
        ),
      );
      return body;
    } catch (error) {
      await this.sys(() =>
        this.db.manager.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2`, [
          scope,
          key,
        ]),
      );
      throw error;
    }
  }

  /** The status Nest will send: the route's @HttpCode, else 201 for POST. */
  private statusOf(ctx: ExecutionContext): number {
    return (Reflect.getMetadata(HTTP_CODE_METADATA, ctx.getHandler()) as number | undefined) ?? 201;
  }

  private sys<T>(fn: () => Promise<T>): Promise<T> {
    return this.context.asSystem(() => this.db.transaction(fn));
  }
}
