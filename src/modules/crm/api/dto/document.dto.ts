import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBase64,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';
import { DOCUMENT_TYPES } from '../../domain/events/re-document.events';

const CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const;
const nullable = (_: object, v: unknown) => v !== null;

export class UploadDocumentRequestDto {
  @ApiProperty({ example: 'Inspection report', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ enum: DOCUMENT_TYPES })
  @IsIn(DOCUMENT_TYPES)
  type: (typeof DOCUMENT_TYPES)[number];

  @ApiProperty({ enum: CONTENT_TYPES })
  @IsIn(CONTENT_TYPES)
  contentType: (typeof CONTENT_TYPES)[number];

  @ApiProperty({
    description: 'The file, base64-encoded (at most 640 KiB of bytes)',
    minLength: 4,
    maxLength: 873_816,
    format: 'byte',
  })
  @IsString()
  @Length(4, 873_816)
  @IsBase64({}, { message: 'contentBase64 must be base64' })
  contentBase64: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID('all', { message: 'propertyId must be a UUID' })
  propertyId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID('all', { message: 'dealId must be a UUID' })
  dealId?: string | null;
}

export class LinkDocumentRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'propertyId must be a UUID' })
  propertyId: string;

  @ApiPropertyOptional({ default: false, description: 'Make it the document’s primary property' })
  @IsOptional()
  @IsBoolean()
  isPrimary?: boolean;
}

export class DocumentLinkDto {
  @ApiProperty({ format: 'uuid' }) propertyId: string;
  @ApiProperty() isPrimary: boolean;
}

export class DocumentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) propertyId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) dealId: string | null;
  @ApiProperty({ nullable: true, type: Number }) fileSize: number | null;
  @ApiProperty({ nullable: true, type: String }) contentType: string | null;
  @ApiProperty({ nullable: true, type: String }) sha256: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [DocumentLinkDto] }) properties: DocumentLinkDto[];
}
