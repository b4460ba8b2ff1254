import type { Actor } from '@opsledger/persistence';
import type { SystemLogFilter } from '../crm.read-model';

export class ListSystemLogsQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: SystemLogFilter,
  ) {}
}
