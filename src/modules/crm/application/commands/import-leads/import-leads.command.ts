import type { Actor } from '@opsledger/persistence';

/** One CSV record: its line in the file and its cells by (lower-cased) header. */
export interface LeadImportRow {
  line: number;
  cells: Record<string, string>;
}

export type LeadImportOutcome =
  | { line: number; outcome: 'created'; leadId: string }
  | { line: number; outcome: 'duplicate'; field: 'email' | 'phone'; message: string }
  | { line: number; outcome: 'invalid'; field: string | null; message: string };

export interface LeadImportReport {
  created: number;
  duplicates: number;
  invalid: number;
  rows: LeadImportOutcome[];
}

export class ImportLeadsCommand {
  constructor(
    readonly actor: Actor,
    readonly rows: readonly LeadImportRow[],
  ) {}
}
