/**
 * Right to erasure: an invoice stops naming erased technicians in its labour lines. Sent only
 * by field service's erasure participant, as the system acting in the invoice's tenant.
 */
export class EraseInvoicePersonalDataCommand {
  constructor(
    readonly tenantId: string,
    readonly invoiceId: string,
    readonly technicianIds: readonly string[],
  ) {}
}
