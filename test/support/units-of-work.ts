import { Db, RequestScope } from '@opsledger/persistence';

/**
 * Records the units of work each request opens (by its correlation id): 'read-write' for
 * `Db.transaction`, 'read-only' for `Db.read`; nested calls join the open one and are not
 * counted. Counted where they open (Db), since a read-only unit of work sends no BEGIN any
 * more: each of its statements carries the scope in its own round trip (ScopePipeline).
 */
export function recordUnitsOfWork(): Map<string, string[]> {
  const opened = new Map<string, string[]>();
  type UnitOfWork = (readOnly: boolean, ...rest: unknown[]) => Promise<unknown>;
  const prototype = Db.prototype as unknown as { unitOfWork: UnitOfWork };
  const original = prototype.unitOfWork;
  jest.spyOn(prototype, 'unitOfWork').mockImplementation(function (
    this: Db,
    readOnly: boolean,
    ...rest: unknown[]
  ) {
    const correlation = RequestScope.read<string>('correlationId');
    if (correlation)
      opened.set(correlation, [
        ...(opened.get(correlation) ?? []),
        readOnly ? 'read-only' : 'read-write',
      ]);
    return original.call(this, readOnly, ...rest);
  });
  return opened;
}
