import { Injectable } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';
import { Actor, Db } from '@opsledger/persistence';
import {
  DISPATCH_ROLES,
  FieldServiceViewer,
  FieldServiceViewers,
  NoFieldServiceAccessError,
} from '../../application/field-service-viewer';

@Injectable()
export class SqlFieldServiceViewers extends FieldServiceViewers {
  constructor(private readonly db: Db) {
    super();
  }

  async resolve(actor: Actor): Promise<FieldServiceViewer> {
    const tenantId = actor.tenantId;
    if (!tenantId)
      throw new DomainError('AUTH.TENANT_REQUIRED', 'forbidden', 'This needs a token for a tenant');
    if (
      actor.roles.includes('admin') ||
      (actor.tenantRole && DISPATCH_ROLES.includes(actor.tenantRole))
    ) {
      return { kind: 'dispatcher', tenantId, actor };
    }
    if (!actor.id) throw new NoFieldServiceAccessError();
    const rows = (await this.db.read(() =>
      this.db.manager.query(
        `SELECT 'customer' AS kind, id FROM customers WHERE tenant_id = $1 AND user_id = $2 AND is_active
         UNION ALL
         SELECT 'technician' AS kind, id FROM technicians WHERE tenant_id = $1 AND user_id = $2 AND is_active`,
        [tenantId, actor.id],
      ),
    )) as Array<{ kind: 'customer' | 'technician'; id: string }>;
    const technician = rows.find((r) => r.kind === 'technician');
    if (technician) return { kind: 'technician', tenantId, technicianId: technician.id, actor };
    const customer = rows.find((r) => r.kind === 'customer');
    if (customer) return { kind: 'customer', tenantId, customerId: customer.id, actor };
    throw new NoFieldServiceAccessError();
  }
}
