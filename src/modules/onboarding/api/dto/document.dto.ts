import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@opsledger/http';
import { IsIn, IsOptional } from 'class-validator';
import { DOCUMENT_TYPES } from '../../domain/contractor-document.aggregate';
import type { DocumentType } from '../../domain/events/contractor-document.events';

export class DocumentMismatchDto {
  @ApiProperty({ enum: ['policyNumber', 'expirationDate'] }) field: string;
  @ApiProperty({ description: 'As typed on the policy' }) expected: string;
  @ApiProperty({ type: String, nullable: true, description: 'As read on the document' })
  found: string | null;
}

export class OcrDataDto {
  @ApiProperty() text: string;
  @ApiProperty({ enum: ['pdf-text', 'ocr'] }) method: string;
  @ApiProperty({ type: Number, nullable: true }) confidence: number | null;
  @ApiProperty() pages: number;
  @ApiProperty({ format: 'date-time' }) extractedAt: string;
  @ApiProperty({ type: [DocumentMismatchDto] }) mismatches: DocumentMismatchDto[];
}

export class ContractorDocumentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) type: string;
  @ApiProperty({
    enum: ['uploaded', 'processed', 'unreadable'],
    description: '`uploaded` until the text-extraction job has run',
  })
  status: string;
  @ApiProperty() originalName: string;
  @ApiProperty({ description: 'Detected from the content, not from the client' }) mimeType: string;
  @ApiProperty() fileSize: number;
  @ApiProperty({ description: 'SHA-256 (hex) of the bytes' }) hash: string;
  @ApiProperty({ enum: ['pending', 'matched', 'mismatch', 'not_applicable'] })
  verificationStatus: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) insurancePolicyId: string | null;
  @ApiProperty({ type: OcrDataDto, nullable: true }) ocrData: OcrDataDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class DocumentDownloadDto {
  @ApiProperty({ description: 'Signed URL; GET it (with Range if wanted) until it expires' })
  url: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class DocumentWithDownloadResponseDto extends ContractorDocumentResponseDto {
  @ApiProperty({ type: DocumentDownloadDto }) download: DocumentDownloadDto;
}

export class DocumentPageResponseDto {
  @ApiProperty({ type: [ContractorDocumentResponseDto] }) items: ContractorDocumentResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListDocumentsQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: DOCUMENT_TYPES })
  @IsOptional()
  @IsIn(DOCUMENT_TYPES)
  type?: DocumentType;
}

/** The multipart form, for the OpenAPI document (the route reads the stream itself). */
export const UPLOAD_DOCUMENT_SCHEMA = {
  type: 'object',
  required: ['type', 'file'],
  properties: {
    type: { type: 'string', enum: [...DOCUMENT_TYPES] },
    insurancePolicyId: {
      type: 'string',
      format: 'uuid',
      description: 'For a certificate of insurance: the policy it proves (checked by OCR)',
    },
    file: {
      type: 'string',
      format: 'binary',
      description:
        'PDF, PNG, JPEG, TIFF, GIF or WebP, recognised by content; last part of the form',
    },
  },
} as const;
