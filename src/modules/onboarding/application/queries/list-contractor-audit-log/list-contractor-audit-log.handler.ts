import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { ResourceAuditTrailReader } from '../../../../audit/audit.public';
import { ContractorDirectory } from '../../document-access';
import { watchedContractor } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ContractorActivityReader } from '../contractor-activity.reader';
import { ContractorAuditLogView, toContractorAuditLog } from './contractor-audit-log.read-model';
import { ListContractorAuditLogQuery } from './list-contractor-audit-log.query';

/**
 * A contractor's audit log, newest first: the audit trail of every ledger stream of the
 * contractor (itself, business profile, progress, and each license, policy, bank account and
 * document it ever had, as the onboarding activity projection knows them), read through the
 * audit context's published reader.
 */
@QueryHandler(ListContractorAuditLogQuery)
export class ListContractorAuditLogHandler implements IQueryHandler<
  ListContractorAuditLogQuery,
  Page<ContractorAuditLogView>
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly directory: ContractorDirectory,
    private readonly activity: ContractorActivityReader,
    private readonly trail: ResourceAuditTrailReader,
  ) {}

  async execute(query: ListContractorAuditLogQuery): Promise<Page<ContractorAuditLogView>> {
    const { access, streams } = await this.db.read(async () => {
      const access = await watchedContractor(
        this.viewers,
        this.directory,
        query.actor,
        query.contractorId,
      );
      return {
        access,
        streams: await this.activity.streamIds(access.tenantId, query.contractorId),
      };
    });
    // the contractor, its business profile and its progress are streams keyed by its own id
    const resourceIds = [...new Set([query.contractorId, ...streams])];
    const page = await this.trail.find(access.tenantId, resourceIds, {
      limit: query.limit,
      cursor: query.cursor,
    });
    const viewer = { reviewer: access.reviewer, userId: query.actor.id };
    return {
      items: page.items.map((entry) => toContractorAuditLog(entry, query.contractorId, viewer)),
      nextCursor: page.nextCursor,
    };
  }
}
