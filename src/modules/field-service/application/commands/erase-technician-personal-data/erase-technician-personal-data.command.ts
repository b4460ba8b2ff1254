/**
 * Right to erasure: anonymises a technician record whose user is erased. Sent only by field
 * service's erasure participant, as the system acting in the technician's tenant.
 */
export class EraseTechnicianPersonalDataCommand {
  constructor(
    readonly tenantId: string,
    readonly technicianId: string,
  ) {}
}
