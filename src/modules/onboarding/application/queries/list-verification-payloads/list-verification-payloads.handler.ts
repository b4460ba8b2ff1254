import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ContractorNotFoundForDocumentsError } from '../../../domain/documents.errors';
import { ContractorDirectory, reviewerTenant } from '../../document-access';
import { StoredVerificationPayload, VerificationPayloads } from '../../verification-payloads.port';
import { ListVerificationPayloadsQuery } from './list-verification-payloads.query';

type PayloadView = Omit<StoredVerificationPayload, 'tenantId'>;

/** Spec 000's `{contractorId, provider, createdAt: -1}` read: a contractor's payloads, newest first. */
@QueryHandler(ListVerificationPayloadsQuery)
export class ListVerificationPayloadsHandler implements IQueryHandler<
  ListVerificationPayloadsQuery,
  { items: PayloadView[]; nextCursor: string | null }
> {
  constructor(
    private readonly db: Db,
    private readonly directory: ContractorDirectory,
    private readonly payloads: VerificationPayloads,
  ) {}

  execute(
    query: ListVerificationPayloadsQuery,
  ): Promise<{ items: PayloadView[]; nextCursor: string | null }> {
    const tenantId = reviewerTenant(query.actor);
    return this.db.read(async () => {
      if (!(await this.directory.find(tenantId, query.contractorId)))
        throw new ContractorNotFoundForDocumentsError(query.contractorId);
      const page = await this.payloads.listByContractor(tenantId, query.contractorId, query.page);
      return {
        items: page.items.map(({ tenantId: _tenant, ...view }) => view),
        nextCursor: page.nextCursor,
      };
    });
  }
}
