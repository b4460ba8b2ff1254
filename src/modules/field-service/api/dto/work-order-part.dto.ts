import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { MAX_QUANTITY } from '../../domain/inventory.aggregate';
import { WORK_ORDER_PART_STATUSES } from '../../domain/work-order-part';

export class ReserveWorkOrderPartRequestDto {
  @ApiProperty({ format: 'uuid', description: 'An active inventory item of your tenant' })
  @IsUUID()
  inventoryId: string;

  @ApiProperty({
    minimum: 1,
    maximum: MAX_QUANTITY,
    example: 2,
    description: 'At most the item’s available quantity',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;
}

export class WorkOrderPartResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workOrderId: string;
  @ApiProperty({ format: 'uuid' }) inventoryId: string;
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty() quantity: number;
  @ApiProperty({
    example: '12.50',
    description: 'The item’s unit cost when the units were reserved',
  })
  unitCost: string;
  @ApiProperty({ example: '25.00', description: 'quantity × unitCost' }) totalCost: string;
  @ApiProperty({ enum: WORK_ORDER_PART_STATUSES }) status: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class WorkOrderPartPageResponseDto {
  @ApiProperty({ type: [WorkOrderPartResponseDto] }) items: WorkOrderPartResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
