import { AggregateRoot, ConcurrencyError } from '@opsledger/ddd';

/** If-Match names the version the client edited; any other is a 412. */
export function assertExpectedVersion(
  aggregate: AggregateRoot,
  expected: number | undefined,
): void {
  if (expected !== undefined && expected !== aggregate.version) {
    throw new ConcurrencyError(aggregate.streamType, aggregate.id, expected, true);
  }
}
