import {
  ContractorProfileView,
  ProfileFilter,
  ProfileListOptions,
  ProfilePage,
} from './contractor-profile.read-model';

/** Port: contractor profiles, reference data every tenant reads. */
export abstract class ContractorProfileReader {
  abstract getProfile(id: string): Promise<ContractorProfileView | null>;
  abstract listProfiles(filter: ProfileFilter, options: ProfileListOptions): Promise<ProfilePage>;
}
