import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { LEDGER_ID, RESOURCE_TYPE } from './audit-events.request.dto';

export class ResourceParamsDto {
  @ApiProperty({ description: 'Kind of resource (the ledger stream type)', example: 'user' })
  @IsString()
  @Matches(RESOURCE_TYPE, { message: 'type must be lower-case letters, digits, - or _' })
  type: string;

  @ApiProperty({ description: 'Id of the resource (the ledger stream id)' })
  @IsString()
  @Length(1, 200)
  @Matches(LEDGER_ID, { message: 'id must be an identifier without spaces' })
  id: string;
}
