import type { ErasureCertificate, ErasurePlan, ErasureStep } from '../../domain/erasure-plan';

/** An erasure request as its requester and admins follow it. */
export interface ErasureRequestView {
  id: string;
  userId: string;
  via: 'admin' | 'self';
  status: 'scheduled' | 'running' | 'completed' | 'cancelled' | 'failed';
  requestedBy: string | null;
  requestedAt: string;
  /** The end of the grace period; the erasure runs after it. */
  notBefore: string;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  attempts: number;
  plan: ErasurePlan | null;
  steps: ErasureStep[];
  certificate: ErasureCertificate | null;
  /** Compact JWS (ES256) over the certificate's canonical JSON; verify with /.well-known/jwks.json. */
  signature: string | null;
  version: number;
}
