/**
 * What an erasure works through, in plain data (the domain knows no ports): the subjects whose
 * ledger keys are shredded and, per participant, the records it found before anything changed.
 */
export interface ErasurePlanSubject {
  subjectId: string;
  kind: 'person' | 'alias' | 'period';
}

export interface ErasurePlanTarget {
  kind: string;
  id: string;
  tenantId?: string | null;
}

export interface ErasurePlan {
  subjects: ErasurePlanSubject[];
  /** Participant name → the records it will erase. */
  targets: Record<string, ErasurePlanTarget[]>;
  /** Participants in the order they run. */
  participants: string[];
}

export interface ErasureStepReceipt {
  store: string;
  location: string;
  action: string;
  count: number;
  note?: string;
}

export interface ErasureStep {
  participant: string;
  receipts: ErasureStepReceipt[];
  completedAt: string;
}

export const CERTIFICATE_TYPE = 'opsledger.erasure-certificate.v1';

/** The signed statement an erasure ends with: where, what and when; ids and counts only. */
export interface ErasureCertificate {
  type: typeof CERTIFICATE_TYPE;
  requestId: string;
  /** The erased user's id (it names nothing readable any more). */
  subject: string;
  via: 'admin' | 'self';
  requestedBy: string | null;
  requestedAt: string;
  completedAt: string;
  /** Every store touched, each with what was done there. */
  stores: Array<ErasureStepReceipt & { participant: string }>;
  /** How many data subjects' ledger keys were shredded. */
  shreddedSubjects: number;
  /** The key that signs the certificate is in this issuer's JWKS. */
  issuer: string;
}
