import { ApiProperty } from '@nestjs/swagger';

/** The dashboard takes no parameters; declaring none makes unknown ones a 400. */
export class DashboardQueryDto {}

export class DashboardOpenWorkOrdersDto {
  @ApiProperty() pending: number;
  @ApiProperty() assigned: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() on_hold: number;
}

export class DashboardOverdueInvoicesDto {
  @ApiProperty() count: number;
  @ApiProperty({ example: '1234.50', description: 'Sum of their totals, exact' }) total: string;
}

export class DashboardMonthRevenueDto {
  @ApiProperty({ example: '2025-11', pattern: '^\\d{4}-\\d{2}$' }) month: string;
  @ApiProperty({
    example: '1234.50',
    description: 'Sum of the totals of invoices paid that month (UTC), exact',
  })
  revenue: string;
}

export class DashboardResponseDto {
  @ApiProperty({ type: DashboardOpenWorkOrdersDto })
  openWorkOrdersByStatus: DashboardOpenWorkOrdersDto;
  @ApiProperty({ type: DashboardOverdueInvoicesDto }) overdueInvoices: DashboardOverdueInvoicesDto;
  @ApiProperty({
    type: [DashboardMonthRevenueDto],
    description: 'The last 12 months, oldest first',
  })
  revenueByMonth: DashboardMonthRevenueDto[];
}
