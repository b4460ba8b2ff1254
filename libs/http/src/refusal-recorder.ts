/** What the audit trail needs to know about a request that was refused. */
export interface Refusal {
  method: string;
  route: string;
  status: number;
  code: string;
  message: string;
  resourceType?: string;
  resourceId?: string;
  result: 'failure' | 'denied';
  subject?: string | null;
}

/** Port: records refused and failed actions in the audit ledger. */
export abstract class RefusalRecorder {
  abstract record(refusal: Refusal): Promise<void>;
}
