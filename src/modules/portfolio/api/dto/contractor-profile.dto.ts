import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PageQuery, QueryBoolean } from '@opsledger/http';
import type { ProfileSort } from '../../application/queries/contractor-profile.read-model';

const PROFILE_SORTS: ProfileSort[] = [
  'relevance',
  'name',
  'totalContractValue',
  'registrationDate',
];

/** `A2,XS` → `['A2', 'XS']`; a repeated parameter arrives as an array already. */
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

export class ListContractorProfilesQueryDto extends PageQuery {
  @ApiPropertyOptional({
    description:
      'Business name, typo-tolerant: every word must match a word of the name or be a typo or the start of one; results are ranked by how well they match, except when every word is very common (such as `llc`): then they come in name order',
    minLength: 2,
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  q?: string;

  @ApiPropertyOptional({ description: 'Unique Entity ID (exact)', example: 'JX7NQ3HK2ZL1' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{12}$/, { message: 'uei must be 12 letters and digits' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toUpperCase() : value,
  )
  uei?: string;

  @ApiPropertyOptional({ description: 'CAGE code (exact)', example: '1ABC2' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{5}$/, { message: 'cageCode must be 5 letters and digits' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toUpperCase() : value,
  )
  cageCode?: string;

  @ApiPropertyOptional({ description: 'Two-letter state code', example: 'VA' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'state must be a two-letter state code like VA' })
  state?: string;

  @ApiPropertyOptional({ description: 'NAICS code or its prefix, 2 to 6 digits', example: '5415' })
  @IsOptional()
  @Matches(/^\d{2,6}$/, { message: 'naics must be 2 to 6 digits' })
  naics?: string;

  @ApiPropertyOptional({
    description: 'Business type codes, comma-separated: profiles having every one',
    example: 'A2,XS',
    type: String,
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[A-Za-z0-9]{2,4}$/, { each: true, message: 'businessTypes are codes like A2' })
  businessTypes?: string[];

  @ApiPropertyOptional({
    description: 'Certifications, comma-separated: profiles holding every one',
    example: 'sba_8a,hubzone',
    type: String,
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[a-z0-9_]{1,50}$/, { each: true, message: 'certifications are names like sba_8a' })
  certifications?: string[];

  @ApiPropertyOptional({ example: 'active' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  registrationStatus?: string;

  @ApiPropertyOptional({ description: 'Total contract value at least (dollars)', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e13)
  minContractValue?: number;

  @ApiPropertyOptional({ description: 'Total contract value at most (dollars)', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e13)
  maxContractValue?: number;

  @ApiPropertyOptional({
    enum: PROFILE_SORTS,
    description:
      'Default: relevance with `q`, otherwise name. Relevance falls back to name when there is no `q` or every word of it is very common',
  })
  @IsOptional()
  @IsIn(PROFILE_SORTS)
  sort?: ProfileSort;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    default: 'asc',
    description: 'Ignored for relevance (best first)',
  })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @QueryBoolean({ description: 'Also count the matches by state and by NAICS code' })
  facets?: boolean;
}

export class ContractorProfileResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, example: 'JX7NQ3HK2ZL1' }) uei: string | null;
  @ApiProperty({ nullable: true, type: String }) cageCode: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) dbaName: string | null;
  @ApiProperty({ nullable: true, type: String }) legalBusinessName: string | null;
  @ApiProperty({ nullable: true, type: String }) addressLine1: string | null;
  @ApiProperty({ nullable: true, type: String }) addressLine2: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
  @ApiProperty({ nullable: true, type: String }) state: string | null;
  @ApiProperty({ nullable: true, type: String }) zipCode: string | null;
  @ApiProperty({ nullable: true, type: String }) country: string | null;
  @ApiProperty({ nullable: true, type: String }) congressionalDistrict: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) businessStartDate: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1231' }) fiscalYearEndDate: string | null;
  @ApiProperty({ nullable: true, type: String }) naicsCode: string | null;
  @ApiProperty({ nullable: true, type: String }) naicsDescription: string | null;
  @ApiProperty({ nullable: true, type: String }) entityStructure: string | null;
  @ApiProperty({ nullable: true, type: String }) organizationType: string | null;
  @ApiProperty({ type: [String], example: ['A2', 'XS'] }) businessTypes: string[];
  @ApiProperty({ nullable: true, type: Number }) employeeCount: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Decimal as a string' }) annualRevenue:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Decimal as a string' })
  totalContractValue: string | null;
  @ApiProperty() activeContractsCount: number;
  @ApiProperty() completedContractsCount: number;
  @ApiProperty({ nullable: true, type: String }) averageContractValue: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { sba_8a: true } })
  certifications: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) performanceRating: string | null;
  @ApiProperty({ type: [String] }) capabilities: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date' }) registrationDate: string | null;
  @ApiProperty({ nullable: true, type: String }) registrationStatus: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUpdatedDate: Date | null;
  @ApiPropertyOptional({ description: 'Name match, 0–1 (with q)' }) score?: number;
}

class FacetCountDto {
  @ApiProperty() value: string;
  @ApiProperty() count: number;
}

class ProfileFacetsDto {
  @ApiProperty({ type: [FacetCountDto] }) state: FacetCountDto[];
  @ApiProperty({ type: [FacetCountDto] }) naics: FacetCountDto[];
}

export class ContractorProfilePageResponseDto {
  @ApiProperty({ type: [ContractorProfileResponseDto] }) items: ContractorProfileResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiPropertyOptional({ type: ProfileFacetsDto, description: 'With facets=true' })
  facets?: ProfileFacetsDto;
}

export class ListProfileSummariesQueryDto {
  @ApiPropertyOptional({ description: 'Two-letter state code', example: 'VA' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'state must be a two-letter state code like VA' })
  state?: string;

  @ApiPropertyOptional({ description: 'NAICS code or its prefix, 2 to 6 digits', example: '54' })
  @IsOptional()
  @Matches(/^\d{2,6}$/, { message: 'naics must be 2 to 6 digits' })
  naics?: string;
}

export class ProfileSummaryResponseDto {
  @ApiProperty({ description: 'Empty when profiles have no state' }) state: string;
  @ApiProperty() naicsCode: string;
  @ApiProperty() contractorCount: number;
  @ApiProperty({ description: 'Decimal as a string' }) totalContractValue: string;
  @ApiProperty() activeContractsCount: number;
  @ApiProperty() completedContractsCount: number;
  @ApiProperty({ nullable: true, type: String }) averageContractValue: string | null;
  @ApiProperty({ nullable: true, type: String }) averagePerformanceRating: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the hourly refresh computed this row' })
  refreshedAt: Date;
}
