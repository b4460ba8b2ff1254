import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, QueryBoolean } from '@opsledger/http';
import {
  IsEmail,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { E164 } from '../../domain/contact.aggregate';

export class CreateContactRequestDto {
  @ApiProperty({ example: 'dana@example.com', maxLength: 255 })
  @IsEmail()
  @MaxLength(255)
  email: string;

  @ApiPropertyOptional({
    example: '+14155550100',
    description: 'E.164',
    type: String,
    nullable: true,
  })
  @IsOptional()
  @Matches(E164, { message: 'phone must be in E.164 format (+14155550100)' })
  phone?: string | null;

  @ApiPropertyOptional({ maxLength: 100, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  firstName?: string | null;

  @ApiPropertyOptional({ maxLength: 100, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastName?: string | null;

  @ApiPropertyOptional({
    maxLength: 100,
    description: 'GoHighLevel contact id',
    type: String,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  ghlContactId?: string | null;

  @ApiPropertyOptional({ maxLength: 10000, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The user who acts as this contact',
    type: String,
    nullable: true,
  })
  @IsOptional()
  @IsUUID()
  userId?: string | null;
}

/** Only the fields given change; `null` clears a nullable one. The user link is not changed here. */
export class UpdateContactRequestDto {
  @ApiPropertyOptional({ example: 'dana.reyes@example.com', maxLength: 255 })
  @ValidateIf((_, value) => value !== undefined)
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({
    example: '+14155550199',
    description: 'E.164',
    type: String,
    nullable: true,
  })
  @IsOptional()
  @Matches(E164, { message: 'phone must be in E.164 format (+14155550100)' })
  phone?: string | null;

  @ApiPropertyOptional({ maxLength: 100, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  firstName?: string | null;

  @ApiPropertyOptional({ maxLength: 100, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastName?: string | null;

  @ApiPropertyOptional({
    maxLength: 100,
    description: 'GoHighLevel contact id',
    type: String,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  ghlContactId?: string | null;

  @ApiPropertyOptional({ maxLength: 10000, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}

export class ListContactsQueryDto extends PageQuery {
  @QueryBoolean({ description: 'Only active (true) or inactive (false) contacts' })
  active?: boolean;

  @QueryBoolean({
    description: 'Only contacts that have (true) or have not (false) granted consent',
  })
  consentGranted?: boolean;

  @ApiPropertyOptional({
    maxLength: 100,
    description: 'Text in the email, first, last or full name',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class ContactResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) userId: string | null;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true }) ghlContactId: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty() consentGranted: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) consentTimestamp:
    string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) consentWithdrawnAt:
    string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() version: number;
}

export class ContactPageResponseDto {
  @ApiProperty({ type: [ContactResponseDto] }) items: ContactResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
