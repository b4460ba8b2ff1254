import type { Actor } from '@opsledger/persistence';

export class CancelAiJobCommand {
  constructor(
    readonly actor: Actor,
    readonly jobId: string,
  ) {}
}
