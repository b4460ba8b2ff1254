import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';

/**
 * One state change of an AI job (enqueued, claimed, succeeded, retry-scheduled, failed,
 * cancel-requested, cancelled, lease-expired), recorded in the queue's own transaction.
 * Valuations and error texts carry amounts and causes, not people.
 */
export class AiJobTransitionedEvent extends DomainEvent<{
  jobType: string;
  kind: string;
  from: string | null;
  to: string;
  dealId: string | null;
  attempt: number;
  error: string | null;
  result: unknown;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.ai-job.transitioned.v1';
}
