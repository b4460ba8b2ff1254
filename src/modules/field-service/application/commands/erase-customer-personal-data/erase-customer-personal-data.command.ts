/**
 * Right to erasure: anonymises a customer record whose portal user is erased. Sent only by
 * field service's erasure participant, as the system acting in the customer's tenant.
 */
export class EraseCustomerPersonalDataCommand {
  constructor(
    readonly tenantId: string,
    readonly customerId: string,
  ) {}
}
