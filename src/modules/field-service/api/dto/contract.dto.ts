import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery, QueryBoolean } from '@opsledger/http';
import {
  CONTRACT_NUMBER_PATTERN,
  CONTRACT_STATUSES,
  CONTRACT_TERMS_MAX_LENGTH,
  ContractStatus,
} from '../../domain/contract.aggregate';
import { BILLING_CYCLES, BillingCycle } from '../../domain/contract-billing-cycle';
import { CONTRACT_SORTS, ContractSort } from '../../application/queries/contract.read-model';
import { DATE_PATTERN, IsCalendarDate, IsMoneyString, MONEY_PATTERN } from './billing.dto';

const money = (description: string) => ({
  type: String,
  pattern: MONEY_PATTERN.source,
  example: '12000.00',
  description,
});
const date = (description: string, example = '2026-12-31') => ({
  type: String,
  format: 'date',
  pattern: DATE_PATTERN.source,
  example,
  description,
});

export class CreateContractRequestDto {
  @ApiProperty({
    example: 'CON-2026-0001',
    pattern: CONTRACT_NUMBER_PATTERN.source,
    maxLength: 50,
    description: 'Chosen by the client; unique in the tenant',
  })
  @IsString()
  @MaxLength(50)
  @Matches(CONTRACT_NUMBER_PATTERN, {
    message: 'contractNumber must be 1–50 letters, digits, dots, slashes, dashes or underscores',
  })
  contractNumber: string;

  @ApiProperty({ format: 'uuid', description: 'A customer of the tenant' })
  @IsUUID()
  customerId: string;

  @ApiProperty(date('First day covered', '2026-01-01'))
  @IsCalendarDate()
  startDate: string;

  @ApiProperty(date('Last day covered; after startDate. The contract expires the day after.'))
  @IsCalendarDate()
  endDate: string;

  @ApiPropertyOptional({ maxLength: CONTRACT_TERMS_MAX_LENGTH, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(CONTRACT_TERMS_MAX_LENGTH)
  terms?: string | null;

  @ApiProperty(money('Contract value'))
  @IsMoneyString()
  value: string;

  @ApiProperty({ enum: BILLING_CYCLES })
  @IsIn(BILLING_CYCLES)
  billingCycle: BillingCycle;
}

/** Only the fields given change; null clears terms and is refused elsewhere. */
export class UpdateContractRequestDto {
  @ApiPropertyOptional(date('First day covered', '2026-01-01'))
  @ValidateIf((_, value) => value !== undefined)
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional(date('Last day covered'))
  @ValidateIf((_, value) => value !== undefined)
  @IsCalendarDate()
  endDate?: string;

  @ApiPropertyOptional({
    maxLength: CONTRACT_TERMS_MAX_LENGTH,
    nullable: true,
    type: String,
    description: 'null clears the terms',
  })
  @IsOptional()
  @IsString()
  @MaxLength(CONTRACT_TERMS_MAX_LENGTH)
  terms?: string | null;

  @ApiPropertyOptional(money('Contract value'))
  @ValidateIf((_, value) => value !== undefined)
  @IsMoneyString()
  value?: string;

  @ApiPropertyOptional({ enum: BILLING_CYCLES })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(BILLING_CYCLES)
  billingCycle?: BillingCycle;
}

export class ListContractsQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ enum: BILLING_CYCLES })
  @IsOptional()
  @IsIn(BILLING_CYCLES)
  billingCycle?: BillingCycle;

  @ApiPropertyOptional(date('Only contracts ending strictly before this date'))
  @IsOptional()
  @IsCalendarDate()
  endsBefore?: string;

  @ApiPropertyOptional(date('Only contracts ending strictly after this date'))
  @IsOptional()
  @IsCalendarDate()
  endsAfter?: string;

  @QueryBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({
    enum: CONTRACT_SORTS,
    default: '-createdAt',
    description: 'A field ascending, or descending with a leading "-"',
  })
  @IsOptional()
  @IsIn(CONTRACT_SORTS)
  sort?: ContractSort;
}

export class ContractResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CON-2026-0001' }) contractNumber: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty(date('First day covered', '2026-01-01')) startDate: string;
  @ApiProperty(date('Last day covered')) endDate: string;
  @ApiProperty({ nullable: true, type: String }) terms: string | null;
  @ApiProperty(money('Contract value')) value: string;
  @ApiProperty({ enum: BILLING_CYCLES }) billingCycle: string;
  @ApiProperty({ enum: CONTRACT_STATUSES }) status: string;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class ContractPageResponseDto {
  @ApiProperty({ type: [ContractResponseDto] }) items: ContractResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ContractExpiryRunResponseDto {
  @ApiProperty({ description: 'How many contracts this run expired' }) transitioned: number;
  @ApiProperty({ type: [String], format: 'uuid' }) contractIds: string[];
}
