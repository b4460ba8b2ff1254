import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decodeCursor, InvalidCursorError, Page, toPage } from '@opsledger/http';
import { CommitCursor } from '../../../domain/ledger-event';
import { LedgerReader } from '../ledger.reader';
import { ListSealsQuery } from './list-seals.query';
import { SealView, toSealView } from './seal.read-model';

const DIGITS = /^\d{1,20}$/;

function cursorOf(cursor: string | null): CommitCursor | null {
  const decoded = decodeCursor(cursor, 2);
  if (!decoded) return null;
  const [txId, position] = decoded;
  if (
    typeof txId !== 'string' ||
    typeof position !== 'string' ||
    !DIGITS.test(txId) ||
    !DIGITS.test(position)
  ) {
    throw new InvalidCursorError();
  }
  return { txId, position };
}

@QueryHandler(ListSealsQuery)
export class ListSealsHandler implements IQueryHandler<ListSealsQuery> {
  constructor(private readonly ledger: LedgerReader) {}

  async execute(query: ListSealsQuery): Promise<Page<SealView>> {
    const seals = await this.ledger.latestSeals(cursorOf(query.cursor), query.limit + 1);
    return toPage(seals, query.limit, toSealView, (s) => [s.to.txId, s.to.position]);
  }
}
