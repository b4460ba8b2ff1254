import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { assertSees } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { BankAccountView } from '../onboarding.read-model';
import { OnboardingReader } from '../onboarding.reader';
import { GetBankAccountQuery } from './get-bank-account.query';

/** Reviewers, or the contractor it belongs to (another contractor's is a 404). */
@QueryHandler(GetBankAccountQuery)
export class GetBankAccountHandler implements IQueryHandler<GetBankAccountQuery, BankAccountView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly reader: OnboardingReader,
  ) {}

  async execute(query: GetBankAccountQuery): Promise<BankAccountView> {
    const viewer = await this.viewers.resolve(query.actor);
    const view = await this.db.read(() =>
      this.reader.bankAccount(viewer.tenantId, query.bankAccountId),
    );
    assertSees(viewer, view, 'bank account', query.bankAccountId);
    return view as BankAccountView;
  }
}
