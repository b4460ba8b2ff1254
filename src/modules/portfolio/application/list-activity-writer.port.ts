export interface ListActivityRow {
  id: string;
  tenantId: string;
  listId: string;
  userId: string | null;
  action: string;
  itemId: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

/** Port: the activity table the projection writes (monthly partitions created as needed). */
export abstract class ListActivityWriter {
  abstract insert(rows: readonly ListActivityRow[]): Promise<void>;
  abstract clear(): Promise<void>;
}
