import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery, QueryBoolean } from '@opsledger/http';
import { INVOICE_STATUSES, InvoiceStatus } from '../../domain/invoice.aggregate';
import {
  INVOICE_LINE_KINDS,
  InvoiceLineKind,
  LINE_DESCRIPTION_MAX_LENGTH,
  MAX_LINE_ITEMS,
} from '../../domain/invoice-line-item';
import { INVOICE_SORTS, InvoiceSort } from '../../application/queries/invoice.read-model';
import {
  DATE_PATTERN,
  IsCalendarDate,
  IsMoneyString,
  MONEY_EXAMPLE,
  MONEY_PATTERN,
  QUANTITY_PATTERN,
  TAX_RATE_PATTERN,
} from './billing.dto';

const money = (description: string, example = MONEY_EXAMPLE) => ({
  type: String,
  pattern: MONEY_PATTERN.source,
  example,
  description,
});
const date = (description: string) => ({
  type: String,
  format: 'date',
  pattern: DATE_PATTERN.source,
  example: '2026-04-30',
  description,
});

export class InvoiceLineItemRequestDto {
  @ApiPropertyOptional({ enum: INVOICE_LINE_KINDS, default: 'other' })
  @IsOptional()
  @IsIn(INVOICE_LINE_KINDS)
  kind?: InvoiceLineKind;

  @ApiProperty({ example: 'Boiler inspection', maxLength: LINE_DESCRIPTION_MAX_LENGTH })
  @IsString()
  @Length(1, LINE_DESCRIPTION_MAX_LENGTH)
  description: string;

  @ApiProperty({
    type: String,
    pattern: QUANTITY_PATTERN.source,
    example: '1.5',
    description: 'Decimal string: hours or pieces',
  })
  @IsString()
  @Matches(QUANTITY_PATTERN, {
    message: 'quantity must be a decimal string with at most 2 decimals, such as "1.5"',
  })
  quantity: string;

  @ApiProperty(money('Price of one unit'))
  @IsMoneyString()
  unitPrice: string;
}

export class CreateInvoiceRequestDto {
  @ApiProperty({ format: 'uuid', description: 'A customer of the tenant' })
  @IsUUID()
  customerId: string;

  @ApiPropertyOptional(
    money(
      'Net amount. Optional when lineItems are given (then it is their sum); when both are given they must agree.',
    ),
  )
  @IsOptional()
  @IsMoneyString()
  amount?: string;

  @ApiPropertyOptional({ ...money('Tax amount', '9.94'), default: '0.00' })
  @IsOptional()
  @IsMoneyString()
  tax?: string;

  @ApiProperty(date('Due date; the invoice becomes overdue the day after'))
  @IsCalendarDate()
  dueDate: string;

  @ApiPropertyOptional({
    type: [InvoiceLineItemRequestDto],
    maxItems: MAX_LINE_ITEMS,
    description: 'Each line’s amount is unitPrice × quantity, rounded half up',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINE_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineItemRequestDto)
  lineItems?: InvoiceLineItemRequestDto[];
}

export class CreateInvoiceFromWorkOrderRequestDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A completed work order of the tenant without an invoice that is not void',
  })
  @IsUUID()
  workOrderId: string;

  @ApiPropertyOptional({
    type: String,
    pattern: TAX_RATE_PATTERN.source,
    example: '0.0825',
    default: '0',
    description:
      'Tax rate as a fraction of the amount ("0.0825" is 8.25 %); the tax is rounded half up to the cent',
  })
  @IsOptional()
  @IsString()
  @Matches(TAX_RATE_PATTERN, {
    message: 'taxRate must be a fraction between 0 and 1 with at most 6 decimals, such as "0.0825"',
  })
  taxRate?: string;

  @ApiPropertyOptional(date('Due date; defaults to 30 days after today (UTC)'))
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;
}

/** Only the fields given change; null is refused (every field has a value). */
export class UpdateInvoiceRequestDto {
  @ApiPropertyOptional(money('Net amount; must equal the sum of the lines when there are lines'))
  @ValidateIf((_, value) => value !== undefined)
  @IsMoneyString()
  amount?: string;

  @ApiPropertyOptional(money('Tax amount', '9.94'))
  @ValidateIf((_, value) => value !== undefined)
  @IsMoneyString()
  tax?: string;

  @ApiPropertyOptional(date('Due date'))
  @ValidateIf((_, value) => value !== undefined)
  @IsCalendarDate()
  dueDate?: string;

  @ApiPropertyOptional({
    type: [InvoiceLineItemRequestDto],
    maxItems: MAX_LINE_ITEMS,
    description: 'Replaces every line; without amount, the amount becomes their sum',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_LINE_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineItemRequestDto)
  lineItems?: InvoiceLineItemRequestDto[];
}

export class ListInvoicesQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES })
  @IsOptional()
  @IsIn(INVOICE_STATUSES)
  status?: InvoiceStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  workOrderId?: string;

  @ApiPropertyOptional(date('Only invoices due strictly before this date'))
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;

  @ApiPropertyOptional(date('Only invoices due strictly after this date'))
  @IsOptional()
  @IsCalendarDate()
  dueAfter?: string;

  @QueryBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({
    enum: INVOICE_SORTS,
    default: '-createdAt',
    description: 'A field ascending, or descending with a leading "-"',
  })
  @IsOptional()
  @IsIn(INVOICE_SORTS)
  sort?: InvoiceSort;
}

export class InvoiceLineItemResponseDto {
  @ApiProperty({ enum: INVOICE_LINE_KINDS }) kind: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, pattern: QUANTITY_PATTERN.source, example: '2.50' })
  quantity: string;
  @ApiProperty(money('Price of one unit')) unitPrice: string;
  @ApiProperty(money('unitPrice × quantity, rounded half up')) amount: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Labour lines: the technician' })
  technicianId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Part lines: the stock item' })
  inventoryId?: string;
}

export class InvoiceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'INV-2026-000123', description: 'Per tenant and year, consecutive' })
  invoiceNumber: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) workOrderId: string | null;
  @ApiProperty(money('Net amount')) amount: string;
  @ApiProperty(money('Tax', '9.94')) tax: string;
  @ApiProperty(money('amount + tax, exactly', '130.44')) total: string;
  @ApiProperty({ type: [InvoiceLineItemResponseDto] }) lineItems: InvoiceLineItemResponseDto[];
  @ApiProperty({ enum: INVOICE_STATUSES }) status: string;
  @ApiProperty({ ...date('Due date'), nullable: true }) dueDate: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Set exactly when paid',
  })
  paidAt: Date | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class InvoicePageResponseDto {
  @ApiProperty({ type: [InvoiceResponseDto] }) items: InvoiceResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class InvoiceOverdueRunResponseDto {
  @ApiProperty({ description: 'How many invoices this run marked overdue' }) transitioned: number;
  @ApiProperty({ type: [String], format: 'uuid' }) invoiceIds: string[];
}
