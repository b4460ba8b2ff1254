import type { Page } from '@opsledger/http';
import type { Investor } from '../crm-investor';
import {
  AiJobView,
  DocumentFile,
  LeadDocumentView,
  DocumentView,
  CompSearch,
  CompView,
  DealEventView,
  DealFilter,
  DealView,
  LeadSearch,
  LeadView,
  PipelineStageView,
  PropertyView,
} from './crm.read-model';

/**
 * Port: what the CRM shows an investor: their own rows, or every row of the workspace for an
 * admin (the row-level policies hold the same rule in PostgreSQL).
 */
export abstract class CrmReader {
  abstract lead(investor: Investor, id: string): Promise<LeadView | null>;
  abstract searchLeads(investor: Investor, search: LeadSearch): Promise<Page<LeadView>>;
  abstract property(investor: Investor, id: string): Promise<PropertyView | null>;
  abstract listProperties(
    investor: Investor,
    page: { zip?: string; limit: number; cursor?: string },
  ): Promise<Page<PropertyView>>;
  /**
   * Live properties of the same zip whose size is within the tolerance of the subject's,
   * closest size first; null when the subject is not visible, [] when it has no size.
   */
  abstract comps(
    investor: Investor,
    propertyId: string,
    search: CompSearch,
  ): Promise<CompView[] | null>;
  abstract deal(investor: Investor, id: string): Promise<DealView | null>;
  abstract listDeals(investor: Investor, filter: DealFilter): Promise<Page<DealView>>;
  /** Active deals by stage, stages in alphabetical order. */
  abstract pipelineBoard(investor: Investor): Promise<PipelineStageView[]>;
  /** Active deals whose next action is due before `before`, soonest first. */
  abstract nextActionsDue(investor: Investor, before: Date, limit: number): Promise<DealView[]>;
  /** The deal's timeline, oldest first; null when the deal is not visible. */
  abstract dealEvents(investor: Investor, dealId: string): Promise<DealEventView[] | null>;
  abstract aiJob(investor: Investor, id: string): Promise<AiJobView | null>;
  abstract document(investor: Investor, id: string): Promise<DocumentView | null>;
  /** A visible live lead's papers, oldest first; null when the lead is not visible. */
  abstract leadDocuments(investor: Investor, leadId: string): Promise<LeadDocumentView[] | null>;
  /** A visible document's storage key and type (downloads, analysis). */
  abstract documentFile(investor: Investor, id: string): Promise<DocumentFile | null>;
}
