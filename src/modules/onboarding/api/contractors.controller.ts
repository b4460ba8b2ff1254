import { Body, Controller, Header, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ApproveContractorCommand } from '../application/commands/approve-contractor/approve-contractor.command';
import { RegisterContractorCommand } from '../application/commands/register-contractor/register-contractor.command';
import { RejectContractorCommand } from '../application/commands/reject-contractor/reject-contractor.command';
import { SubmitOnboardingStepCommand } from '../application/commands/submit-onboarding-step/submit-onboarding-step.command';
import { RevealTaxIdCommand } from '../application/commands/reveal-tax-id/reveal-tax-id.command';
import { SetBusinessProfileCommand } from '../application/commands/set-business-profile/set-business-profile.command';
import { GetBusinessProfileQuery } from '../application/queries/get-business-profile/get-business-profile.query';
import { ContractorDashboardView } from '../application/queries/contractor-queries.reader';
import { GetContractorDashboardQuery } from '../application/queries/get-contractor-dashboard/get-contractor-dashboard.query';
import { ListContractorsQuery } from '../application/queries/list-contractors/list-contractors.query';
import { GetContractorQuery } from '../application/queries/get-contractor/get-contractor.query';
import { GetOnboardingProgressQuery } from '../application/queries/get-onboarding-progress/get-onboarding-progress.query';
import {
  BusinessProfileView,
  ContractorView,
  ProgressView,
} from '../application/queries/onboarding.read-model';
import {
  ContractorResponseDto,
  FieldErrorDto,
  ProgressResponseDto,
  RejectContractorRequestDto,
  SubmitStepRequestDto,
} from './dto/contractor.dto';
import {
  ContractorDashboardResponseDto,
  ContractorPageResponseDto,
  ListContractorsQueryDto,
} from './dto/contractor-queries.dto';
import {
  BusinessProfileResponseDto,
  RevealedTaxIdResponseDto,
  RevealTaxIdRequestDto,
  SetBusinessProfileRequestDto,
} from './dto/business-profile.dto';

const REVIEWERS = 'Reviewers only (tenant roles owner, admin, reviewer).';
const OWN = "The contractor's own user only; another contractor's is a 404.";

@ApiTags('onboarding')
@ApiBearerAuth('bearer')
@ApiExtraModels(FieldErrorDto)
@Controller('contractors')
export class ContractorsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Sign up as a contractor',
    description:
      'The acting user becomes a contractor of its tenant: status pending, wizard at step 1. 409 when it already is one.',
    type: ContractorResponseDto,
  })
  async register(@CurrentActor() actor: Actor): Promise<ContractorView> {
    const { id } = await this.commands.execute<RegisterContractorCommand, { id: string }>(
      new RegisterContractorCommand(actor),
    );
    return this.queries.execute(new GetContractorQuery(actor, id));
  }

  @Route.List({
    summary: "The tenant's contractors, newest first",
    description: `${REVIEWERS} Filters (all must hold): status; state (the business profile's or one of the licenses'); expiringWithinDays (a license or insurance policy, not expired, expiring from today to today + N days); q (text in the legal name, case-insensitive). Cursor pages.`,
    type: ContractorPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListContractorsQueryDto,
  ): Promise<Page<ContractorView>> {
    return this.queries.execute(
      new ListContractorsQuery(
        actor,
        {
          status: query.status as ContractorView['status'] | undefined,
          state: query.state?.toUpperCase(),
          expiringWithinDays: query.expiringWithinDays,
          q: query.q,
        },
        query.limit ?? 20,
        query.cursor,
      ),
    );
  }

  @Route.Read({
    path: 'dashboard',
    summary: "Reviewers' dashboard of the tenant's contractors",
    description: `${REVIEWERS} Counts by status, licenses and insurance policies expiring within 30 days (counts and the soonest 50), and the mean time from sign-up to verification.`,
    type: ContractorDashboardResponseDto,
  })
  dashboard(@CurrentActor() actor: Actor): Promise<ContractorDashboardView> {
    return this.queries.execute(new GetContractorDashboardQuery(actor));
  }

  @Route.Read({
    path: ':id',
    summary: 'A contractor',
    description: 'Reviewers, or the contractor itself.',
    type: ContractorResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<ContractorView> {
    return this.queries.execute(new GetContractorQuery(actor, id));
  }

  @Route.Action({
    path: ':id/approve',
    summary: 'Approve a contractor in review',
    description: `${REVIEWERS} in_review → verified; any other status is a 409 listing the allowed actions.`,
    type: ContractorResponseDto,
    status: 200,
    ifMatch: true,
  })
  async approve(@Target() { actor, id, ifMatch }: Target): Promise<ContractorView> {
    await this.commands.execute(new ApproveContractorCommand(actor, id, ifMatch));
    return this.queries.execute(new GetContractorQuery(actor, id));
  }

  @Route.Action({
    path: ':id/reject',
    summary: 'Reject a contractor in review, with a reason per item',
    description: `${REVIEWERS} in_review → rejected; the contractor fixes the items and submits the review step again.`,
    type: ContractorResponseDto,
    status: 200,
    ifMatch: true,
  })
  async reject(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: RejectContractorRequestDto,
  ): Promise<ContractorView> {
    await this.commands.execute(
      new RejectContractorCommand(
        actor,
        id,
        body.reasons.map((r) => ({ item: r.item, reason: r.reason })),
        ifMatch,
      ),
    );
    return this.queries.execute(new GetContractorQuery(actor, id));
  }

  @Route.Read({
    path: ':id/progress',
    summary: "A contractor's onboarding progress",
    description: 'Reviewers, or the contractor itself. Cached in Redis when configured.',
    type: ProgressResponseDto,
  })
  progress(@Target() { actor, id }: Target): Promise<ProgressView> {
    return this.queries.execute(new GetOnboardingProgressQuery(actor, id));
  }

  @Route.Action({
    path: ':id/progress/steps',
    summary: 'Submit a wizard step',
    description: `${OWN} Validates the step against what was entered: complete, it advances; with errors, they are stored on the progress and the answer is a 422 naming each field. A step before which a step is incomplete is a 409. The review step hands the onboarding in (pending/rejected → in_review).`,
    type: ProgressResponseDto,
    status: 200,
    ifMatch: true,
    problems: [422],
    unitOfWork: false,
  })
  async submitStep(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: SubmitStepRequestDto,
  ): Promise<ProgressView> {
    await this.commands.execute(new SubmitOnboardingStepCommand(actor, id, body.step, ifMatch));
    return this.queries.execute(new GetOnboardingProgressQuery(actor, id));
  }

  @Route.Read({
    path: ':id/business-profile',
    summary: "A contractor's business profile (tax id masked)",
    description: 'Reviewers, or the contractor itself. The tax id is always `***-**-1234` here.',
    type: BusinessProfileResponseDto,
  })
  businessProfile(@Target() { actor, id }: Target): Promise<BusinessProfileView> {
    return this.queries.execute(new GetBusinessProfileQuery(actor, id));
  }

  @Route.Update({
    path: ':id/business-profile',
    method: 'PUT',
    summary: 'Fill in or replace the business profile',
    description: `${OWN} The tax id is encrypted (AES-256-GCM, bound to tenant and contractor) before it is stored and is never in an event or a log; omit it to keep the stored one.`,
    type: BusinessProfileResponseDto,
    ifMatch: true,
  })
  async setBusinessProfile(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: SetBusinessProfileRequestDto,
  ): Promise<BusinessProfileView> {
    const { taxId, ...details } = body;
    await this.commands.execute(new SetBusinessProfileCommand(actor, id, details, taxId, ifMatch));
    return this.queries.execute(new GetBusinessProfileQuery(actor, id));
  }

  @Route.Action({
    path: ':id/business-profile/tax-id/reveal',
    summary: 'Reveal the tax id in clear (recorded)',
    description: `${REVIEWERS} Every reveal is a ledger event naming who, whose and why. The answer is not cached.`,
    type: RevealedTaxIdResponseDto,
    status: 200,
  })
  @Header('Cache-Control', 'no-store')
  async revealTaxId(
    @Target() { actor, id }: Target,
    @Body() body: RevealTaxIdRequestDto,
  ): Promise<{ contractorId: string; taxId: string }> {
    const { taxId } = await this.commands.execute<RevealTaxIdCommand, { taxId: string }>(
      new RevealTaxIdCommand(actor, id, body.purpose),
    );
    return { contractorId: id, taxId };
  }
}
