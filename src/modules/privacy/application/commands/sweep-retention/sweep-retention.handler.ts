import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RetentionPassResult, RetentionJob } from '../../retention.job';
import { SweepRetentionCommand } from './sweep-retention.command';

/** Each rule's removals are recorded as the system's runs; the request itself is audited by the HTTP layer. */
@CommandHandler(SweepRetentionCommand)
export class SweepRetentionHandler implements ICommandHandler<SweepRetentionCommand> {
  constructor(private readonly job: RetentionJob) {}

  execute(): Promise<RetentionPassResult[]> {
    return this.job.runAll();
  }
}
