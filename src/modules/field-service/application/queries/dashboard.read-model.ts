export interface DashboardView {
  openWorkOrdersByStatus: {
    pending: number;
    assigned: number;
    in_progress: number;
    on_hold: number;
  };
  /** Sent invoices past their due date, and those marked overdue; total is an exact decimal string. */
  overdueInvoices: { count: number; total: string };
  /** The last 12 calendar months (UTC), oldest first, months without payments included as "0.00". */
  revenueByMonth: Array<{ month: string; revenue: string }>;
}
