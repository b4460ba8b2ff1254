import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { listUserOf } from '../../list-user';
import { ListItemView } from '../contractor-list.read-model';
import { ContractorListReader } from '../contractor-list.reader';
import { ExportContractorListQuery } from './export-contractor-list.query';

const HEADER = [
  'uei',
  'cage_code',
  'name',
  'state',
  'naics_code',
  'total_contract_value',
  'rating',
  'priority',
  'tags',
  'notes',
  'added_at',
];

/** A CSV field: quoted when needed; a leading =, +, - or @ is escaped so spreadsheets show text, not a formula. */
export function csvField(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (item: ListItemView) =>
  [
    item.profile.uei,
    item.profile.cageCode,
    item.profile.name,
    item.profile.state,
    item.profile.naicsCode,
    item.profile.totalContractValue,
    item.rating,
    item.priority,
    item.tags.join(';'),
    item.notes,
    item.addedAt.toISOString(),
  ]
    .map(csvField)
    .join(',');

@QueryHandler(ExportContractorListQuery)
export class ExportContractorListHandler implements IQueryHandler<ExportContractorListQuery> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListReader,
  ) {}

  execute({
    actor,
    listId,
  }: ExportContractorListQuery): Promise<{ fileName: string; csv: string }> {
    const user = actor ? listUserOf(actor) : null;
    return this.db.read(async () => {
      const list = await this.lists.getList(
        listId,
        user?.userId ?? '00000000-0000-0000-0000-000000000000',
      );
      if (!list) throw new NotFoundError('contractor list', listId);
      const lines = [HEADER.join(',')];
      let cursor: string | undefined;
      do {
        const page = await this.lists.listItems(listId, { limit: 500, cursor });
        lines.push(...page.items.map(line));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const slug =
        list.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'list';
      return { fileName: `${slug}.csv`, csv: `${lines.join('\r\n')}\r\n` };
    });
  }
}
