import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { from, lastValueFrom, Observable } from 'rxjs';
import { Db } from './db';

/**
 * Runs a whole route in one unit of work: a command and the read that answers it share one
 * transaction (and one RLS scope) instead of opening two.
 */
@Injectable()
export class UnitOfWorkInterceptor implements NestInterceptor {
  constructor(private readonly db: Db) {}

  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(
      this.db.transaction(() => lastValueFrom(next.handle(), { defaultValue: undefined })),
    );
  }
}

/** The route's command and its response read share one transaction. */
export const OneUnitOfWork = () => UseInterceptors(UnitOfWorkInterceptor);
