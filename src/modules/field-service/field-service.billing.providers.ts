import { Provider, Type } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { ContractsController } from './api/contracts.controller';
import { InvoicesController } from './api/invoices.controller';
import { BillingSourcesReader } from './application/billing-sources.reader';
import { ContractActivateHandler } from './application/commands/contract-activate/contract-activate.handler';
import { ContractCreateHandler } from './application/commands/contract-create/contract-create.handler';
import { ContractDeleteHandler } from './application/commands/contract-delete/contract-delete.handler';
import { ContractExpireHandler } from './application/commands/contract-expire/contract-expire.handler';
import { ContractReviseHandler } from './application/commands/contract-revise/contract-revise.handler';
import { ContractSetActiveHandler } from './application/commands/contract-set-active/contract-set-active.handler';
import { ContractSweepExpiredHandler } from './application/commands/contract-sweep-expired/contract-sweep-expired.handler';
import { ContractTerminateHandler } from './application/commands/contract-terminate/contract-terminate.handler';
import { InvoiceCreateHandler } from './application/commands/invoice-create/invoice-create.handler';
import { InvoiceCreateFromWorkOrderHandler } from './application/commands/invoice-create-from-work-order/invoice-create-from-work-order.handler';
import { InvoiceDeleteHandler } from './application/commands/invoice-delete/invoice-delete.handler';
import { InvoiceMarkOverdueHandler } from './application/commands/invoice-mark-overdue/invoice-mark-overdue.handler';
import { InvoicePayHandler } from './application/commands/invoice-pay/invoice-pay.handler';
import { InvoiceReviseHandler } from './application/commands/invoice-revise/invoice-revise.handler';
import { InvoiceSendHandler } from './application/commands/invoice-send/invoice-send.handler';
import { InvoiceSetActiveHandler } from './application/commands/invoice-set-active/invoice-set-active.handler';
import { InvoiceSweepOverdueHandler } from './application/commands/invoice-sweep-overdue/invoice-sweep-overdue.handler';
import { InvoiceVoidHandler } from './application/commands/invoice-void/invoice-void.handler';
import { ContractChanges } from './application/contract-changes';
import { InvoiceChanges } from './application/invoice-changes';
import { BillingJobClaims } from './application/jobs/billing-job.claims';
import { BillingJobsScheduler } from './application/jobs/billing-jobs.scheduler';
import { BillingSweeper } from './application/jobs/billing-sweeper';
import { ContractExpiryJob } from './application/jobs/contract-expiry.job';
import { InvoiceOverdueJob } from './application/jobs/invoice-overdue.job';
import { ContractGetHandler } from './application/queries/contract-get/contract-get.handler';
import { ContractListHandler } from './application/queries/contract-list/contract-list.handler';
import { ContractReader } from './application/queries/contract.read-model';
import { InvoiceGetHandler } from './application/queries/invoice-get/invoice-get.handler';
import { InvoiceListHandler } from './application/queries/invoice-list/invoice-list.handler';
import { InvoiceReader } from './application/queries/invoice.read-model';
import { ContractRepository } from './domain/contract.repository';
import { InvoiceRepository } from './domain/invoice.repository';
import { BillingJobSqlClaims } from './infrastructure/typeorm/billing-job-sql.claims';
import { BillingSourcesSqlReader } from './infrastructure/typeorm/billing-sources-sql.reader';
import { ContractSqlReader } from './infrastructure/typeorm/contract-sql.reader';
import { ContractTypeormRepository } from './infrastructure/typeorm/contract-typeorm.repository';
import { InvoiceSqlReader } from './infrastructure/typeorm/invoice-sql.reader';
import { InvoiceTypeormRepository } from './infrastructure/typeorm/invoice-typeorm.repository';

const commandHandlers: Provider[] = [
  InvoiceCreateHandler,
  InvoiceCreateFromWorkOrderHandler,
  InvoiceReviseHandler,
  InvoiceSendHandler,
  InvoicePayHandler,
  InvoiceVoidHandler,
  InvoiceMarkOverdueHandler,
  InvoiceSetActiveHandler,
  InvoiceDeleteHandler,
  InvoiceSweepOverdueHandler,
  ContractCreateHandler,
  ContractReviseHandler,
  ContractActivateHandler,
  ContractTerminateHandler,
  ContractExpireHandler,
  ContractSetActiveHandler,
  ContractDeleteHandler,
  ContractSweepExpiredHandler,
];

const queryHandlers: Provider[] = [
  InvoiceGetHandler,
  InvoiceListHandler,
  ContractGetHandler,
  ContractListHandler,
];

const ports: Provider[] = [
  { provide: InvoiceRepository, useClass: InvoiceTypeormRepository },
  { provide: ContractRepository, useClass: ContractTypeormRepository },
  { provide: InvoiceReader, useClass: InvoiceSqlReader },
  { provide: ContractReader, useClass: ContractSqlReader },
  { provide: BillingSourcesReader, useClass: BillingSourcesSqlReader },
  { provide: BillingJobClaims, useClass: BillingJobSqlClaims },
];

const services: Provider[] = [InvoiceChanges, ContractChanges];

const jobs: Provider[] = [
  BillingSweeper,
  InvoiceOverdueJob,
  ContractExpiryJob,
  BillingJobsScheduler,
];

// Constraint names are the contract between the billing migration and the fields errors name.
registerConstraintField('uq_invoices_tenant_number', 'invoiceNumber');
registerConstraintField('uq_invoices_work_order', 'workOrderId');
registerConstraintField('ck_invoices_total', 'total');
registerConstraintField('ck_invoices_amount', 'amount');
registerConstraintField('ck_invoices_tax', 'tax');
registerConstraintField('ck_invoices_status', 'status');
registerConstraintField('ck_invoices_paid_at', 'paidAt');
registerConstraintField('ck_invoices_line_items', 'lineItems');
registerConstraintField('invoices_customer_id_fkey', 'customerId');
registerConstraintField('invoices_work_order_id_fkey', 'workOrderId');
registerConstraintField('uq_contracts_tenant_number', 'contractNumber');
registerConstraintField('ck_contracts_dates', 'endDate');
registerConstraintField('ck_contracts_value', 'value');
registerConstraintField('ck_contracts_billing_cycle', 'billingCycle');
registerConstraintField('ck_contracts_status', 'status');
registerConstraintField('contracts_customer_id_fkey', 'customerId');

/** Providers and controllers of the billing part of the field-service context. */
export const billingProviders: Provider[] = [
  ...commandHandlers,
  ...queryHandlers,
  ...ports,
  ...services,
  ...jobs,
];
export const billingControllers: Type[] = [InvoicesController, ContractsController];
