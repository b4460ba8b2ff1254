import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Jobs, JobWorker, PermanentJobError } from '@opsledger/jobs';
import {
  DOCUMENT_TEXT_JOB,
  ExtractDocumentTextCommand,
  ExtractDocumentTextOutcome,
} from '../../application/commands/extract-document-text/extract-document-text.command';

/**
 * Registers the text-extraction job with the platform queue: one image at a time per process
 * (OCR is CPU-bound), a long lease for large PDFs, retried with the worker's backoff.
 */
@Injectable()
export class DocumentTextJob implements OnModuleInit {
  constructor(
    private readonly worker: JobWorker,
    private readonly jobs: Jobs,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit(): void {
    this.worker.register<{ documentId?: unknown }, ExtractDocumentTextOutcome>({
      queue: this.jobs,
      type: DOCUMENT_TEXT_JOB,
      concurrency: 1,
      leaseMs: 120_000,
      handler: async (job) => {
        const documentId = job.payload.documentId;
        if (!job.tenantId || typeof documentId !== 'string')
          throw new PermanentJobError('A text job names its tenant and document');
        return this.commands.execute(new ExtractDocumentTextCommand(job.tenantId, documentId));
      },
    });
  }
}
