import type { ErasureCertificate, ErasurePlan, ErasureStep } from '../../domain/erasure-plan';
import type { ErasureStatus, ErasureVia } from '../../domain/erasure-request.aggregate';

/** A row of `erasure_requests` as the repository and the reader select it. */
export interface ErasureRequestRow {
  id: string;
  user_id: string;
  via: ErasureVia;
  requested_by: string | null;
  status: ErasureStatus;
  not_before: Date;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  plan: ErasurePlan | null;
  steps: ErasureStep[];
  certificate: ErasureCertificate | null;
  signature: string | null;
  attempts: number;
  version: number;
}

export const ERASURE_REQUEST_COLUMNS = `id, user_id, via, requested_by, status, not_before, created_at, started_at,
  completed_at, cancelled_at, plan, steps, certificate, signature, attempts, version`;
