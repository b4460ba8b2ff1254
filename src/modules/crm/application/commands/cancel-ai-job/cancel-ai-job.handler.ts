import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { NotTheOwnerError } from '../../../domain/crm.errors';
import { AiJobQueue } from '../../ai-job-queue.port';
import { investorOf } from '../../crm-investor';
import { CrmReader } from '../../queries/crm.reader';
import { CancelAiJobCommand } from './cancel-ai-job.command';

/** A queued job ends cancelled at once; a running one is asked to stop (cooperative). */
@CommandHandler(CancelAiJobCommand)
export class CancelAiJobHandler implements ICommandHandler<CancelAiJobCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly queue: AiJobQueue,
    private readonly reader: CrmReader,
  ) {}

  async execute(command: CancelAiJobCommand): Promise<void> {
    const investor = investorOf(command.actor);
    await this.db.transaction(async () => {
      const job = await this.reader.aiJob(investor, command.jobId);
      if (!job) throw new NotFoundError('ai_job', command.jobId);
      if (job.userId !== investor.userId) throw new NotTheOwnerError('AI job');
      await this.queue.cancel(command.jobId);
    });
  }
}
