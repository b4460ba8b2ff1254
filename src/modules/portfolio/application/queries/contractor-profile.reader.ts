import {
  ContractorProfileView,
  ProfileSummaryView,
  ProfileFilter,
  ProfileListOptions,
  ProfilePage,
} from './contractor-profile.read-model';

/** Port: contractor profiles, reference data every tenant reads. */
export abstract class ContractorProfileReader {
  abstract getProfile(id: string): Promise<ContractorProfileView | null>;
  /** Summary rows by state and NAICS code, largest first (at most 200). */
  abstract listSummaries(filter: { state?: string; naics?: string }): Promise<ProfileSummaryView[]>;
  abstract listProfiles(filter: ProfileFilter, options: ProfileListOptions): Promise<ProfilePage>;
}
