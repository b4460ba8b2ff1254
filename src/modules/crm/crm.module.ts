import { Module } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { AiJobsController } from './api/ai-jobs.controller';
import { DealsController } from './api/deals.controller';
import { DocumentsController } from './api/documents.controller';
import { LinkDocumentHandler } from './application/commands/link-document/link-document.handler';
import { StoreDocumentHandler } from './application/commands/store-document/store-document.handler';
import { GetDocumentHandler } from './application/queries/get-document/get-document.handler';
import { ReDocumentRepository } from './domain/re-document.repository';
import { SqlReDocumentRepository } from './infrastructure/sql/sql-re-document.repository';
import { SystemLogsController } from './api/system-logs.controller';
import { ListSystemLogsHandler } from './application/queries/list-system-logs/list-system-logs.handler';
import { SystemLogReader } from './application/queries/system-log.reader';
import { SystemLogWriter } from './application/system-log-writer.port';
import { SqlSystemLogReader } from './infrastructure/sql/sql-system-log.reader';
import { SqlSystemLogWriter } from './infrastructure/sql/sql-system-log.writer';
import { LogServiceWarningForwarder } from './infrastructure/logging/log-service-warning.forwarder';
import { SystemLogIndexScheduler } from './infrastructure/logging/system-log-index.scheduler';
import { AiJobProcessor } from './application/ai-job-processor.port';
import { AiJobQueue } from './application/ai-job-queue.port';
import { CancelAiJobHandler } from './application/commands/cancel-ai-job/cancel-ai-job.handler';
import { RequestAiJobHandler } from './application/commands/request-ai-job/request-ai-job.handler';
import { GetAiJobHandler } from './application/queries/get-ai-job/get-ai-job.handler';
import { SqlAiJobTransitionListener } from './infrastructure/sql/sql-ai-job-transition.listener';
import { SqlAiJobQueue } from './infrastructure/sql/sql-ai-job.queue';
import { SqlOfflineAiJobProcessor } from './infrastructure/sql/sql-offline-ai-job.processor';
import { LeadsController } from './api/leads.controller';
import { AddLeadDocumentHandler } from './application/commands/add-lead-document/add-lead-document.handler';
import { RemoveLeadDocumentHandler } from './application/commands/remove-lead-document/remove-lead-document.handler';
import { GetDocumentContentHandler } from './application/queries/get-document-content/get-document-content.handler';
import { ListLeadDocumentsHandler } from './application/queries/list-lead-documents/list-lead-documents.handler';
import { LeadDocumentRepository } from './domain/lead-document.repository';
import { SqlLeadDocumentRepository } from './infrastructure/sql/sql-lead-document.repository';
import { AddDealNoteHandler } from './application/commands/add-deal-note/add-deal-note.handler';
import { ChangeDealStatusHandler } from './application/commands/change-deal-status/change-deal-status.handler';
import { ChangeDealHandler } from './application/commands/change-deal/change-deal.handler';
import { OpenDealHandler } from './application/commands/open-deal/open-deal.handler';
import { DealTimelineWriter } from './application/deal-timeline-writer.port';
import { DealTimelineProjection } from './application/projections/deal-timeline.projection';
import { GetDealHandler } from './application/queries/get-deal/get-deal.handler';
import { GetPipelineBoardHandler } from './application/queries/get-pipeline-board/get-pipeline-board.handler';
import { ListDealEventsHandler } from './application/queries/list-deal-events/list-deal-events.handler';
import { ListDealsHandler } from './application/queries/list-deals/list-deals.handler';
import { ListNextActionsHandler } from './application/queries/list-next-actions/list-next-actions.handler';
import { DealRepository } from './domain/deal.repository';
import { SqlDealTimelineWriter } from './infrastructure/sql/sql-deal-timeline.writer';
import { SqlDealRepository } from './infrastructure/sql/sql-deal.repository';
import { PropertiesController } from './api/properties.controller';
import { ChangePropertyHandler } from './application/commands/change-property/change-property.handler';
import { CreatePropertyHandler } from './application/commands/create-property/create-property.handler';
import { DeletePropertyHandler } from './application/commands/delete-property/delete-property.handler';
import { GetPropertyHandler } from './application/queries/get-property/get-property.handler';
import { ListPropertiesHandler } from './application/queries/list-properties/list-properties.handler';
import { ListPropertyCompsHandler } from './application/queries/list-property-comps/list-property-comps.handler';
import { PropertyRepository } from './domain/property.repository';
import { SqlPropertyRepository } from './infrastructure/sql/sql-property.repository';
import { ChangeLeadHandler } from './application/commands/change-lead/change-lead.handler';
import { CreateLeadHandler } from './application/commands/create-lead/create-lead.handler';
import { DeleteLeadHandler } from './application/commands/delete-lead/delete-lead.handler';
import { ImportLeadsHandler } from './application/commands/import-leads/import-leads.handler';
import { RecordLeadOutreachHandler } from './application/commands/record-lead-outreach/record-lead-outreach.handler';
import { CrmReader } from './application/queries/crm.reader';
import { GetLeadHandler } from './application/queries/get-lead/get-lead.handler';
import { ListLeadsHandler } from './application/queries/list-leads/list-leads.handler';
import { LeadRepository } from './domain/lead.repository';
import { SqlCrmErasureParticipant } from './infrastructure/erasure/sql-crm-erasure.participant';
import { SqlDeletedLeadRetentionRule } from './infrastructure/retention/sql-deleted-lead-retention.rule';
import { SqlDeletedPropertyRetentionRule } from './infrastructure/retention/sql-deleted-property-retention.rule';
import { SqlCrmReader } from './infrastructure/sql/sql-crm.reader';
import { SqlLeadRepository } from './infrastructure/sql/sql-lead.repository';

registerConstraintField('idx_leads_email_unique', 'email');
registerConstraintField('idx_leads_phone_unique', 'phone');
registerConstraintField('ck_leads_score', 'score');
registerConstraintField('ck_deals_probability', 'probability');
registerConstraintField('ck_re_properties_bedrooms', 'bedrooms');
registerConstraintField('ck_re_properties_bathrooms', 'bathrooms');
registerConstraintField('ck_re_properties_square_feet', 'squareFeet');
registerConstraintField('ck_re_properties_lot_size', 'lotSize');
registerConstraintField('ck_re_properties_year_built', 'yearBuilt');

const commandHandlers = [
  CreateLeadHandler,
  ChangeLeadHandler,
  DeleteLeadHandler,
  RecordLeadOutreachHandler,
  ImportLeadsHandler,
  CreatePropertyHandler,
  ChangePropertyHandler,
  DeletePropertyHandler,
  OpenDealHandler,
  ChangeDealHandler,
  ChangeDealStatusHandler,
  AddDealNoteHandler,
  RequestAiJobHandler,
  CancelAiJobHandler,
  StoreDocumentHandler,
  LinkDocumentHandler,
  AddLeadDocumentHandler,
  RemoveLeadDocumentHandler,
];

const queryHandlers = [
  GetLeadHandler,
  ListLeadsHandler,
  GetPropertyHandler,
  ListPropertiesHandler,
  ListPropertyCompsHandler,
  GetDealHandler,
  ListDealsHandler,
  GetPipelineBoardHandler,
  ListNextActionsHandler,
  ListDealEventsHandler,
  GetAiJobHandler,
  ListSystemLogsHandler,
  GetDocumentHandler,
  GetDocumentContentHandler,
  ListLeadDocumentsHandler,
];

/**
 * The real-estate investor CRM (spec 002): leads, properties, documents, deals with their
 * timeline, the AI job queue. Row-level policies in PostgreSQL hold the same ownership rules
 * as the application.
 */
@Module({
  controllers: [
    LeadsController,
    PropertiesController,
    DealsController,
    AiJobsController,
    SystemLogsController,
    DocumentsController,
  ],
  providers: [
    { provide: LeadRepository, useClass: SqlLeadRepository },
    { provide: PropertyRepository, useClass: SqlPropertyRepository },
    { provide: DealRepository, useClass: SqlDealRepository },
    { provide: CrmReader, useClass: SqlCrmReader },
    { provide: ReDocumentRepository, useClass: SqlReDocumentRepository },
    { provide: LeadDocumentRepository, useClass: SqlLeadDocumentRepository },
    { provide: DealTimelineWriter, useClass: SqlDealTimelineWriter },
    DealTimelineProjection,
    SqlAiJobTransitionListener,
    { provide: SystemLogWriter, useClass: SqlSystemLogWriter },
    { provide: SystemLogReader, useClass: SqlSystemLogReader },
    LogServiceWarningForwarder,
    SystemLogIndexScheduler,
    SqlAiJobQueue,
    { provide: AiJobQueue, useExisting: SqlAiJobQueue },
    { provide: AiJobProcessor, useClass: SqlOfflineAiJobProcessor },
    SqlCrmErasureParticipant,
    SqlDeletedLeadRetentionRule,
    SqlDeletedPropertyRetentionRule,
    ...commandHandlers,
    ...queryHandlers,
  ],
})
export class CrmModule {}
