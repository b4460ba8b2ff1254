import { Controller, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Route, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import {
  ContractorProfileView,
  ProfilePage,
  ProfileSummaryView,
} from '../application/queries/contractor-profile.read-model';
import { GetContractorProfileQuery } from '../application/queries/get-contractor-profile/get-contractor-profile.query';
import { ListProfileSummariesQuery } from '../application/queries/list-profile-summaries/list-profile-summaries.query';
import { ListContractorProfilesQuery } from '../application/queries/list-contractor-profiles/list-contractor-profiles.query';
import {
  ContractorProfilePageResponseDto,
  ContractorProfileResponseDto,
  ListContractorProfilesQueryDto,
  ListProfileSummariesQueryDto,
  ProfileSummaryResponseDto,
} from './dto/contractor-profile.dto';

const SHARED =
  'Contractor data is reference data shared by every tenant: any signed-in user reads it.';

/** Search over the imported contractor data (spec 001's contractor_profiles). */
@ApiTags('portfolio')
@ApiBearerAuth('bearer')
@Controller('contractor-profiles')
export class ContractorProfilesController {
  constructor(private readonly queries: QueryBus) {}

  @Route.List({
    summary: 'Search contractor profiles',
    description:
      `${SHARED} By name (typo-tolerant, ranked by similarity), UEI or CAGE code, state, NAICS prefix, business types, ` +
      'certifications, registration status and contract value; sorted and cursor-paginated; with `facets=true`, counts by state ' +
      'and NAICS code over the whole match.',
    type: ContractorProfilePageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListContractorProfilesQueryDto,
  ): Promise<ProfilePage> {
    return this.queries.execute(
      new ListContractorProfilesQuery(
        actor,
        {
          q: query.q,
          uei: query.uei,
          cageCode: query.cageCode,
          state: query.state,
          naics: query.naics,
          businessTypes: query.businessTypes,
          certifications: query.certifications,
          registrationStatus: query.registrationStatus,
          minContractValue: query.minContractValue,
          maxContractValue: query.maxContractValue,
        },
        {
          sort: query.sort ?? (query.q ? 'relevance' : 'name'),
          order: query.order ?? 'asc',
          limit: query.limit ?? 20,
          cursor: query.cursor,
          facets: query.facets ?? false,
        },
      ),
    );
  }

  @Route.List({
    path: 'summary',
    summary: 'Contractor counts and contract totals by state and NAICS code',
    description: `${SHARED} From spec 001's contractor_profile_summary, refreshed hourly; largest groups first (at most 200).`,
    type: [ProfileSummaryResponseDto],
  })
  summary(
    @CurrentActor() actor: Actor,
    @Query() query: ListProfileSummariesQueryDto,
  ): Promise<ProfileSummaryView[]> {
    return this.queries.execute(new ListProfileSummariesQuery(actor, query));
  }

  @Route.Read({
    path: ':id',
    summary: 'Read one contractor profile',
    description: SHARED,
    type: ContractorProfileResponseDto,
  })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ContractorProfileView> {
    return this.queries.execute(new GetContractorProfileQuery(actor, id));
  }
}
