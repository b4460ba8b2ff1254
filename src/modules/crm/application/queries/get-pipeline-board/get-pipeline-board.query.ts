import type { Actor } from '@opsledger/persistence';

export class GetPipelineBoardQuery {
  constructor(readonly actor: Actor) {}
}
