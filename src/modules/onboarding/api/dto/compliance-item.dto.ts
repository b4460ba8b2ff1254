import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { BANK_ACCOUNT_TYPES, BANK_VERIFICATION_METHODS } from '../../domain/bank-account.aggregate';
import type {
  BankAccountType,
  BankVerificationMethod,
} from '../../domain/events/bank-account.events';
import type { InsuranceProvider } from '../../domain/events/compliance-item.events';
import { COVERAGE_TYPES, INSURANCE_PROVIDERS } from '../../domain/insurance-policy.aggregate';
import { BusinessProfileResponseDto } from './business-profile.dto';
import { ContractorResponseDto, ProgressResponseDto } from './contractor.dto';

const NOT_BLANK = /\S/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AddLicenseRequestDto {
  @ApiProperty({ example: 'TX', pattern: '^[A-Za-z]{2}$' })
  @Matches(/^[A-Za-z]{2}$/, { message: 'state must be a two-letter state code' })
  state: string;

  @ApiProperty({ example: 'TACLA12345C', maxLength: 50, pattern: NOT_BLANK.source })
  @IsString()
  @MaxLength(50)
  @Matches(NOT_BLANK, { message: 'licenseNumber must not be blank' })
  licenseNumber: string;

  @ApiPropertyOptional({ example: 'HVAC contractor', maxLength: 100, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  licenseType?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-06-30' })
  @IsOptional()
  @Matches(DATE, { message: 'expirationDate must be a date (YYYY-MM-DD)' })
  expirationDate?: string | null;
}

export class LicenseResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty() state: string;
  @ApiProperty() licenseNumber: string;
  @ApiProperty({ type: String, nullable: true }) licenseType: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) expirationDate: string | null;
  @ApiProperty({ enum: ['unverified', 'verified', 'expired'] }) status: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) verifiedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiredAt: string | null;
  @ApiProperty() version: number;
}

export class AddInsurancePolicyRequestDto {
  @ApiProperty({ enum: INSURANCE_PROVIDERS, example: 'manual' })
  @IsIn(INSURANCE_PROVIDERS)
  provider: InsuranceProvider;

  @ApiProperty({ example: 'GL-2024-0042', maxLength: 100, pattern: NOT_BLANK.source })
  @IsString()
  @MaxLength(100)
  @Matches(NOT_BLANK, { message: 'policyNumber must not be blank' })
  policyNumber: string;

  @ApiProperty({ enum: COVERAGE_TYPES, isArray: true, minItems: 1, maxItems: 4, example: ['gl'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsIn(COVERAGE_TYPES, { each: true })
  coverageTypes: string[];

  @ApiProperty({ type: String, format: 'date', example: '2027-06-30' })
  @Matches(DATE, { message: 'expirationDate must be a date (YYYY-MM-DD)' })
  expirationDate: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  additionalInsured?: boolean;
}

export class InsurancePolicyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty({ enum: INSURANCE_PROVIDERS }) provider: string;
  @ApiProperty() policyNumber: string;
  @ApiProperty({ enum: COVERAGE_TYPES, isArray: true }) coverageTypes: string[];
  @ApiProperty({ format: 'date' }) expirationDate: string;
  @ApiProperty({ enum: ['pending', 'verified', 'failed'] }) verificationStatus: string;
  @ApiProperty() additionalInsured: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastCheckedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiredAt: string | null;
  @ApiProperty() version: number;
}

export class VerifyInsurancePolicyRequestDto {
  @ApiProperty({ description: 'true: confirmed; false: refused (give a reason)' })
  @IsBoolean()
  verified: boolean;

  @ApiPropertyOptional({
    maxLength: 1000,
    pattern: NOT_BLANK.source,
    description: 'Required when verified is false',
  })
  @ValidateIf(
    (o: VerifyInsurancePolicyRequestDto) => o.verified === false || o.reason !== undefined,
  )
  @IsString()
  @MaxLength(1000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason?: string;
}

export class AddBankAccountRequestDto {
  @ApiProperty({ enum: BANK_ACCOUNT_TYPES })
  @IsIn(BANK_ACCOUNT_TYPES)
  accountType: BankAccountType;

  @ApiProperty({ enum: BANK_VERIFICATION_METHODS })
  @IsIn(BANK_VERIFICATION_METHODS)
  verificationMethod: BankVerificationMethod;

  @ApiPropertyOptional({
    example: '6789',
    pattern: '^[0-9]{4}$',
    description: 'The last four digits only: a full account number is refused',
    type: String,
    nullable: true,
  })
  @IsOptional()
  @Matches(/^[0-9]{4}$/, { message: 'last4 must be exactly four digits' })
  last4?: string | null;

  @ApiPropertyOptional({ maxLength: 200, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  plaidItemId?: string | null;

  @ApiPropertyOptional({ maxLength: 200, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  plaidAccountId?: string | null;
}

export class BankAccountResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty({ enum: BANK_ACCOUNT_TYPES }) accountType: string;
  @ApiProperty({ type: String, nullable: true }) last4: string | null;
  @ApiProperty({ type: String, nullable: true }) plaidItemId: string | null;
  @ApiProperty({ type: String, nullable: true }) plaidAccountId: string | null;
  @ApiProperty({ enum: BANK_VERIFICATION_METHODS }) verificationMethod: string;
  @ApiProperty({ enum: ['pending', 'verified', 'failed'] }) verificationStatus: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) verificationDate:
    string | null;
  @ApiProperty() microDepositAttempts: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  microDepositLockedUntil: string | null;
  @ApiProperty() version: number;
}

export class ComplianceResponseDto {
  @ApiProperty({ type: ContractorResponseDto }) contractor: ContractorResponseDto;
  @ApiProperty({ type: BusinessProfileResponseDto, nullable: true })
  businessProfile: BusinessProfileResponseDto | null;
  @ApiProperty({ type: ProgressResponseDto }) progress: ProgressResponseDto;
  @ApiProperty({ type: [LicenseResponseDto] }) licenses: LicenseResponseDto[];
  @ApiProperty({ type: [InsurancePolicyResponseDto] })
  insurancePolicies: InsurancePolicyResponseDto[];
  @ApiProperty({ type: [BankAccountResponseDto] }) bankAccounts: BankAccountResponseDto[];
}
