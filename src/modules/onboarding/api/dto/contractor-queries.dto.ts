import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '@opsledger/http';
import { CONTRACTOR_STATUSES } from '../../domain/contractor-lifecycle';
import { ContractorResponseDto } from './contractor.dto';

export class ListContractorsQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: CONTRACTOR_STATUSES })
  @IsOptional()
  @IsIn(CONTRACTOR_STATUSES)
  status?: string;

  @ApiPropertyOptional({
    example: 'TX',
    pattern: '^[A-Za-z]{2}$',
    description: "The business profile's state or the state of one of the contractor's licenses",
  })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'state must be a two-letter state code' })
  state?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 365,
    description:
      'Contractors with a license or insurance policy (not expired) expiring from today to today + N days',
  })
  @IsOptional()
  // decimal digits only, as `limit`
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(0)
  @Max(365)
  expiringWithinDays?: number;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 100,
    description: "Case-insensitive text in the business profile's legal name (`%`, `_` literal)",
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class ContractorPageResponseDto {
  @ApiProperty({ type: [ContractorResponseDto] }) items: ContractorResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ContractorStatusCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() in_review: number;
  @ApiProperty() verified: number;
  @ApiProperty() rejected: number;
}

export class ExpiringItemDto {
  @ApiProperty({ enum: ['license', 'insurance_policy'] }) kind: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty({ format: 'date' }) expirationDate: string;
}

export class ExpiringItemsDto {
  @ApiProperty() licenses: number;
  @ApiProperty() insurancePolicies: number;
  @ApiProperty({
    type: [ExpiringItemDto],
    description: 'The soonest 50, by expiration date',
  })
  items: ExpiringItemDto[];
}

export class ContractorDashboardResponseDto {
  @ApiProperty({ type: ContractorStatusCountsDto }) byStatus: ContractorStatusCountsDto;
  @ApiProperty({ example: 30 }) expiringWithinDays: number;
  @ApiProperty({ type: ExpiringItemsDto }) expiring: ExpiringItemsDto;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Mean seconds from sign-up (created_at) to approval (verified_at) over verified contractors',
  })
  averageTimeToVerificationSeconds: number | null;
}
