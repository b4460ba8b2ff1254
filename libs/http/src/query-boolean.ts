import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** Query strings carry text: `"true"`/`"false"` become booleans, anything else stays and fails. */
export const toQueryBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** An optional boolean query parameter (`?isActive=true`); any other text is a 400 naming it. */
export const QueryBoolean = (
  options: Pick<ApiPropertyOptions, 'description' | 'default' | 'example'> = {},
) =>
  applyDecorators(
    ApiPropertyOptional({ ...options, type: Boolean }),
    IsOptional(),
    Transform(toQueryBoolean),
    IsBoolean(),
  );
