import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, QueryBoolean } from '@opsledger/http';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CUSTOMER_SORTS, CustomerSort } from '../../application/queries/customer.read-model';
import { CUSTOMER_STATUSES, CustomerStatus } from '../../domain/customer-lifecycle';

export const PHONE = /^\+?[0-9][0-9 ().-]{1,48}$/;
const COUNTRY = /^[A-Z]{2}$/;

/** A postal address; any other key is refused. */
export class CustomerAddressDto {
  @ApiProperty({ example: '12 Harbour Road', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  street: string;

  @ApiPropertyOptional({ example: 'Unit 4', maxLength: 255, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  street2?: string | null;

  @ApiProperty({ example: 'Portland', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiPropertyOptional({ example: 'OR', maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  state?: string | null;

  @ApiProperty({ example: '97201', maxLength: 20 })
  @IsString()
  @Length(1, 20)
  postalCode: string;

  @ApiProperty({ example: 'US', pattern: COUNTRY.source, description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code (two capital letters)' })
  country: string;
}

export class CreateCustomerRequestDto {
  @ApiProperty({
    example: 'facilities@acme.example',
    maxLength: 255,
    description: 'Unique in the tenant (case-insensitive)',
  })
  @IsEmail()
  @MaxLength(255)
  email: string;

  @ApiPropertyOptional({
    example: '+1 503 555 0100',
    pattern: PHONE.source,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @Matches(PHONE, {
    message:
      'phone must be digits with spaces, dots, dashes, parentheses and an optional leading +',
  })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'Acme Facilities', maxLength: 255, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  companyName?: string | null;

  @ApiPropertyOptional({ type: CustomerAddressDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerAddressDto)
  billingAddress?: CustomerAddressDto | null;

  @ApiPropertyOptional({ type: CustomerAddressDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerAddressDto)
  serviceAddress?: CustomerAddressDto | null;
}

export class UpdateCustomerRequestDto {
  @ApiPropertyOptional({ example: 'ops@acme.example', maxLength: 255 })
  @ValidateIf((_, value) => value !== undefined)
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({
    pattern: PHONE.source,
    nullable: true,
    type: String,
    description: 'null clears it',
  })
  @IsOptional()
  @IsString()
  @Matches(PHONE, {
    message:
      'phone must be digits with spaces, dots, dashes, parentheses and an optional leading +',
  })
  phone?: string | null;

  @ApiPropertyOptional({
    maxLength: 255,
    nullable: true,
    type: String,
    description: 'null clears it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  companyName?: string | null;

  @ApiPropertyOptional({
    type: CustomerAddressDto,
    nullable: true,
    description: 'Replaces the whole address; null clears it',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerAddressDto)
  billingAddress?: CustomerAddressDto | null;

  @ApiPropertyOptional({
    type: CustomerAddressDto,
    nullable: true,
    description: 'Replaces the whole address; null clears it',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerAddressDto)
  serviceAddress?: CustomerAddressDto | null;
}

export class LinkPortalUserRequestDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A live member of the tenant, linked to no other customer or technician',
  })
  @IsUUID()
  userId: string;
}

export class ListCustomersQueryDto extends PageQuery {
  @ApiPropertyOptional({
    description: 'Part of the email or company name (case-insensitive)',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_STATUSES })
  @IsOptional()
  @IsIn(CUSTOMER_STATUSES)
  status?: CustomerStatus;

  @QueryBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({ enum: CUSTOMER_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(CUSTOMER_SORTS)
  sort?: CustomerSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class CustomerAddressResponseDto {
  @ApiProperty() street: string;
  @ApiProperty({ nullable: true, type: String }) street2: string | null;
  @ApiProperty() city: string;
  @ApiProperty({ nullable: true, type: String }) state: string | null;
  @ApiProperty() postalCode: string;
  @ApiProperty({ example: 'US' }) country: string;
}

export class CustomerResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) companyName: string | null;
  @ApiProperty({ type: CustomerAddressResponseDto, nullable: true })
  billingAddress: CustomerAddressResponseDto | null;
  @ApiProperty({ type: CustomerAddressResponseDto, nullable: true })
  serviceAddress: CustomerAddressResponseDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The portal login' })
  userId: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ enum: CUSTOMER_STATUSES }) status: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class CustomerPageResponseDto {
  @ApiProperty({ type: [CustomerResponseDto] }) items: CustomerResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
