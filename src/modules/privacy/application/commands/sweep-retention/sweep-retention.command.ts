import { Command } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import type { RetentionPassResult } from '../../retention.job';

/** Applies every retention rule now, as the scheduler would (admins). */
export class SweepRetentionCommand extends Command<RetentionPassResult[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}
