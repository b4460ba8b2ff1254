import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import {
  ErasureDiscovery,
  ErasureParticipant,
  ErasureReceipt,
  ErasureTarget,
  ErasureWork,
} from '@opsledger/personal-data';
import { EraseCustomerPersonalDataCommand } from '../../application/commands/erase-customer-personal-data/erase-customer-personal-data.command';
import { EraseTechnicianPersonalDataCommand } from '../../application/commands/erase-technician-personal-data/erase-technician-personal-data.command';

/**
 * Field service's part of erasing a user: the customer and technician records the user is the
 * portal login of are anonymised through their aggregates (each its own event), not deleted,
 * because work orders, invoices (paid ones must be kept) and contracts refer to them; those
 * rows hold no personal data of their own and are retained. The records are persons of their
 * own, so their ledger keys are shredded with the user's.
 */
@Injectable()
export class SqlFieldServiceErasureParticipant extends ErasureParticipant {
  readonly name = 'field-service';
  override readonly order = 10;

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly commands: CommandBus,
  ) {
    super();
  }

  override async discover(userId: string): Promise<ErasureDiscovery> {
    const rows = (await this.db.transaction(() =>
      this.db.manager.query(
        `SELECT 'customer' AS kind, id, tenant_id FROM customers WHERE user_id = $1
         UNION ALL
         SELECT 'technician', id, tenant_id FROM technicians WHERE user_id = $1
         ORDER BY 1, 2`,
        [userId],
      ),
    )) as Array<{ kind: string; id: string; tenant_id: string }>;
    return {
      subjects: rows.map((r) => ({ subjectId: r.id, kind: 'person' as const })),
      targets: rows.map((r) => ({ kind: r.kind, id: r.id, tenantId: r.tenant_id })),
    };
  }

  async erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    for (const target of work.targets) await this.eraseOne(target);
    const ids = (kind: string) => work.targets.filter((t) => t.kind === kind).map((t) => t.id);
    const retained = (await this.db.transaction(() =>
      this.db.manager.query(
        `SELECT (SELECT count(*)::int FROM invoices WHERE customer_id = ANY($1::uuid[])) AS invoices,
                (SELECT count(*)::int FROM contracts WHERE customer_id = ANY($1::uuid[])) AS contracts,
                (SELECT count(*)::int FROM work_orders
                  WHERE customer_id = ANY($1::uuid[]) OR assigned_technician_id = ANY($2::uuid[])) AS work_orders`,
        [ids('customer'), ids('technician')],
      ),
    )) as Array<{ invoices: number; contracts: number; work_orders: number }>;
    const kept = 'kept: refers to the anonymised records and holds no personal data of its own';
    return [
      {
        store: 'postgresql',
        location: 'customers',
        action: 'anonymised',
        count: ids('customer').length,
      },
      {
        store: 'postgresql',
        location: 'technicians',
        action: 'anonymised',
        count: ids('technician').length,
      },
      {
        store: 'postgresql',
        location: 'invoices',
        action: 'retained',
        count: retained[0].invoices,
        note: `${kept} (accounting law)`,
      },
      {
        store: 'postgresql',
        location: 'contracts',
        action: 'retained',
        count: retained[0].contracts,
        note: kept,
      },
      {
        store: 'postgresql',
        location: 'work_orders',
        action: 'retained',
        count: retained[0].work_orders,
        note: kept,
      },
    ];
  }

  /** Through the aggregate, as the system acting in the record's tenant (row-level security bound to it). */
  private async eraseOne(target: ErasureTarget): Promise<void> {
    const tenantId = target.tenantId!;
    const command =
      target.kind === 'customer'
        ? new EraseCustomerPersonalDataCommand(tenantId, target.id)
        : new EraseTechnicianPersonalDataCommand(tenantId, target.id);
    await this.context.run({ ...SYSTEM_ACTOR, tenantId }, () => this.commands.execute(command), {
      systemScope: false,
    });
  }
}
