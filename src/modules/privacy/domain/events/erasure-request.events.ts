import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';
import type { ErasureCertificate, ErasurePlan, ErasureStep } from '../erasure-plan';

/*
 * The erasure's own trail. It names people only by id (whose data is shredded by the erasure
 * itself) and stores by table, action and count: nothing here is personal data.
 */

export class ErasureRequestedEvent extends DomainEvent<{
  userId: string;
  via: 'admin' | 'self';
  status: 'scheduled';
  notBefore: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'privacy.erasure-request.requested.v1';
}

export class ErasureCancelledEvent extends DomainEvent<{
  status: 'cancelled';
  cancelledBy: string | null;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'privacy.erasure-request.cancelled.v1';
}

/** The job started: what it will erase (subjects and records, by id) was found first. */
export class ErasureStartedEvent extends DomainEvent<{ status: 'running'; plan: ErasurePlan }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'privacy.erasure-request.started.v1';
}

/** One participant (one context's stores) finished its part. */
export class ErasureStepCompletedEvent extends DomainEvent<ErasureStep> {
  static readonly personalData = personalData<ErasureStepCompletedEvent>({
    fields: [],
    notPersonal: ['receipts.location'],
  });
  readonly type = 'privacy.erasure-request.step-completed.v1';
}

/** Every participant finished; the signed certificate says what was erased where. */
export class ErasureCompletedEvent extends DomainEvent<{
  status: 'completed';
  certificate: ErasureCertificate;
  signature: string;
}> {
  static readonly personalData = personalData<ErasureCompletedEvent>({
    fields: [],
    notPersonal: ['certificate.stores.location'],
  });
  readonly type = 'privacy.erasure-request.completed.v1';
}

/** The job gave up after its last attempt; an admin may request the erasure again. */
export class ErasureFailedEvent extends DomainEvent<{
  status: 'failed';
  attempts: number;
  error: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'privacy.erasure-request.failed.v1';
}
