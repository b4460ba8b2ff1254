import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { LEAD_DOCUMENT_TYPES } from '../../domain/events/lead-document.events';
import { DOCUMENT_TYPES } from '../../domain/events/re-document.events';

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

export class CrmDocumentResponseDto {
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

/** The multipart form, for the OpenAPI document (the route reads the stream itself). */
export const UPLOAD_DOCUMENT_SCHEMA = {
  type: 'object',
  required: ['title', 'type', 'file'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200, example: 'Inspection report' },
    type: { type: 'string', enum: [...DOCUMENT_TYPES] },
    propertyId: { type: 'string', format: 'uuid', description: 'Your property (its primary)' },
    dealId: { type: 'string', format: 'uuid', description: 'Your deal: its timeline shows it' },
    file: {
      type: 'string',
      format: 'binary',
      description:
        'PDF, PNG, JPEG, TIFF, GIF or WebP, recognised by content, at most 10 MiB; last part of the form',
    },
  },
} as const;

export class AddLeadDocumentRequestDto {
  @ApiProperty({ format: 'uuid', description: 'One of your uploaded documents' })
  @IsUUID('all', { message: 'documentId must be a UUID' })
  documentId: string;

  @ApiProperty({ enum: LEAD_DOCUMENT_TYPES })
  @IsIn(LEAD_DOCUMENT_TYPES)
  type: (typeof LEAD_DOCUMENT_TYPES)[number];

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    description: 'Defaults to the document’s title',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title?: string;
}

export class LeadDocumentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The stored document: GET /documents/{documentId}/content downloads it',
  })
  documentId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ enum: LEAD_DOCUMENT_TYPES }) type: string;
  @ApiProperty({ nullable: true, type: Number }) fileSize: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class LeadDocumentListResponseDto {
  @ApiProperty({ type: [LeadDocumentResponseDto] }) items: LeadDocumentResponseDto[];
}
