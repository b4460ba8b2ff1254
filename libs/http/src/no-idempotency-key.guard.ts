import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';
import type { FastifyRequest } from 'fastify';

/**
 * Responses that show a secret once must not be kept for replay, which is what
 * `Idempotency-Key` does; guards run before interceptors, so the key is refused here.
 */
@Injectable()
export class NoIdempotencyKeyGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'] !== undefined) {
      throw new DomainError(
        'REQUEST.IDEMPOTENCY_KEY_NOT_SUPPORTED',
        'invalid_input',
        'Idempotency-Key is not accepted here: the response carries a secret that is never stored',
        { field: 'Idempotency-Key' },
      );
    }
    return true;
  }
}
