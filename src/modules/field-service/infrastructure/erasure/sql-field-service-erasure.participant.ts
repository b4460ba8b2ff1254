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
import { EraseInvoicePersonalDataCommand } from '../../application/commands/erase-invoice-personal-data/erase-invoice-personal-data.command';
import { EraseTechnicianPersonalDataCommand } from '../../application/commands/erase-technician-personal-data/erase-technician-personal-data.command';

/**
 * Field service's part of erasing a user: the customer and technician records the user is the
 * portal login of are anonymised through their aggregates (each its own event), not deleted,
 * because work orders, invoices (paid ones must be kept) and contracts refer to them; invoices
 * whose labour lines name the technician are anonymised too. The other rows hold no personal
 * data of their own and are retained. The records' ledger keys (their sealed values, the
 * invoices' lines) are shredded with the user's.
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
         UNION ALL
         SELECT DISTINCT 'invoice', i.id, i.tenant_id FROM invoices i
           JOIN technicians t ON t.tenant_id = i.tenant_id AND t.user_id = $1
          WHERE i.line_items @> jsonb_build_array(jsonb_build_object('technicianId', t.id::text))
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
    const ids = (kind: string) => work.targets.filter((t) => t.kind === kind).map((t) => t.id);
    for (const target of work.targets) await this.eraseOne(target, ids('technician'));
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
    const row = (
      location: string,
      action: ErasureReceipt['action'],
      count: number,
      note?: string,
    ) => ({ store: 'postgresql', location, action, count, ...(note ? { note } : {}) }) as const;
    return [
      row('customers', 'anonymised', ids('customer').length),
      row('technicians', 'anonymised', ids('technician').length),
      row(
        'invoices',
        'anonymised',
        ids('invoice').length,
        'labour lines no longer name the technician; figures unchanged (kept by accounting law)',
      ),
      row('invoices', 'retained', retained[0].invoices, `${kept} (accounting law)`),
      row('contracts', 'retained', retained[0].contracts, kept),
      row('work_orders', 'retained', retained[0].work_orders, kept),
    ];
  }

  /** Through the aggregate, as the system acting in the record's tenant (row-level security bound to it). */
  private async eraseOne(target: ErasureTarget, technicianIds: string[]): Promise<void> {
    const tenantId = target.tenantId!;
    const command =
      target.kind === 'customer'
        ? new EraseCustomerPersonalDataCommand(tenantId, target.id)
        : target.kind === 'technician'
          ? new EraseTechnicianPersonalDataCommand(tenantId, target.id)
          : new EraseInvoicePersonalDataCommand(tenantId, target.id, technicianIds);
    await this.context.run({ ...SYSTEM_ACTOR, tenantId }, () => this.commands.execute(command), {
      systemScope: false,
    });
  }
}
