import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '@opsledger/http';
import { API_KEY_MAX_LENGTH, API_KEY_MIN_LENGTH } from '../../domain/api-key-secret';
import { API_KEY_SERVICES, API_KEY_STATUSES, ApiKeyService } from '../../domain/api-key-service';

const PRINTABLE_NO_SPACE = /^[\x21-\x7e]+$/;

class ApiKeyValueDto {
  @ApiProperty({
    description:
      'The provider’s secret key. Stored encrypted; never returned, only its last four characters.',
    minLength: API_KEY_MIN_LENGTH,
    maxLength: API_KEY_MAX_LENGTH,
    format: 'password',
    writeOnly: true,
  })
  @IsString()
  @Length(API_KEY_MIN_LENGTH, API_KEY_MAX_LENGTH)
  @Matches(PRINTABLE_NO_SPACE, { message: 'key must be printable ASCII without spaces' })
  key: string;
}

export class StoreApiKeyRequestDto extends ApiKeyValueDto {
  @ApiProperty({ enum: API_KEY_SERVICES, example: 'openai' })
  @IsIn(API_KEY_SERVICES)
  service: ApiKeyService;
}

export class ReplaceApiKeyRequestDto extends ApiKeyValueDto {}

export class ListApiKeysQueryDto extends PageQuery {}

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: API_KEY_SERVICES }) service: string;
  @ApiProperty({
    example: 'x9Qa',
    description: 'The last four characters of the key; the rest is never shown',
  })
  lastFour: string;
  @ApiProperty({ enum: API_KEY_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastChecked: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class ApiKeyPageResponseDto {
  @ApiProperty({ type: [ApiKeyResponseDto] }) items: ApiKeyResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ApiKeyCheckResponseDto extends ApiKeyResponseDto {
  @ApiProperty() healthy: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Why the key is unhealthy' }) reason:
    string | null;
}
