export interface ContractorProfileView {
  id: string;
  uei: string | null;
  cageCode: string | null;
  name: string;
  dbaName: string | null;
  legalBusinessName: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  zipCode: string | null;
  country: string | null;
  congressionalDistrict: string | null;
  businessStartDate: string | null;
  fiscalYearEndDate: string | null;
  naicsCode: string | null;
  naicsDescription: string | null;
  entityStructure: string | null;
  organizationType: string | null;
  businessTypes: string[];
  employeeCount: number | null;
  annualRevenue: string | null;
  totalContractValue: string | null;
  activeContractsCount: number;
  completedContractsCount: number;
  averageContractValue: string | null;
  certifications: Record<string, unknown>;
  performanceRating: string | null;
  capabilities: string[];
  registrationDate: string | null;
  registrationStatus: string | null;
  lastUpdatedDate: Date | null;
  /** How well the name matched `q` (0–1), when searching by name. */
  score?: number;
}

export type ProfileSort = 'relevance' | 'name' | 'totalContractValue' | 'registrationDate';

export interface ProfileFilter {
  /** Name, typo-tolerant. */
  q?: string;
  uei?: string;
  cageCode?: string;
  state?: string;
  /** A NAICS code or its prefix (2–6 digits). */
  naics?: string;
  /** Every one of these business type codes. */
  businessTypes?: string[];
  /** Every one of these certifications. */
  certifications?: string[];
  registrationStatus?: string;
  minContractValue?: number;
  maxContractValue?: number;
}

export interface ProfileListOptions {
  sort: ProfileSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
  facets: boolean;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface ProfilePage {
  items: ContractorProfileView[];
  nextCursor: string | null;
  /** With `facets=true`: counts by state and by NAICS code over the whole filter (top 50 each). */
  facets?: { state: FacetCount[]; naics: FacetCount[] };
}

/** One row of spec 001's contractor_profile_summary (refreshed hourly). */
export interface ProfileSummaryView {
  state: string;
  naicsCode: string;
  contractorCount: number;
  totalContractValue: string;
  activeContractsCount: number;
  completedContractsCount: number;
  averageContractValue: string | null;
  averagePerformanceRating: string | null;
  refreshedAt: Date;
}
