export interface DealTimelineRow {
  /** The ledger event's id: a replayed batch adds nothing twice. */
  sourceEventId: string;
  tenantId: string;
  dealId: string;
  eventType: string;
  description: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  createdBy: string | null;
}

/** Port: the deal_events table the timeline projection writes. */
export abstract class DealTimelineWriter {
  abstract insert(rows: readonly DealTimelineRow[]): Promise<void>;
  abstract clear(): Promise<void>;
}
