import type { Actor } from '@opsledger/persistence';

export class GetAiJobQuery {
  constructor(
    readonly actor: Actor,
    readonly jobId: string,
  ) {}
}
