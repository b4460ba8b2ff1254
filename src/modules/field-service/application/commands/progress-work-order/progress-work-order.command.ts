import type { Actor } from '@opsledger/persistence';

/** Field work on an assigned order: start it, pause it, resume it. */
export class ProgressWorkOrderCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly action: 'start' | 'pause' | 'resume',
    readonly expectedVersion?: number,
  ) {}
}
