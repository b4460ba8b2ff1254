import { EraseInvoicePersonalDataHandler } from './application/commands/erase-invoice-personal-data/erase-invoice-personal-data.handler';
import { Provider, Type } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { ContractsController } from './api/contracts.controller';
import { InvoicesController } from './api/invoices.controller';
import { BillingSourcesReader } from './application/queries/billing-sources.reader';
import { ActivateContractHandler } from './application/commands/activate-contract/activate-contract.handler';
import { CreateContractHandler } from './application/commands/create-contract/create-contract.handler';
import { DeleteContractHandler } from './application/commands/delete-contract/delete-contract.handler';
import { ExpireContractHandler } from './application/commands/expire-contract/expire-contract.handler';
import { ReviseContractHandler } from './application/commands/revise-contract/revise-contract.handler';
import { SetContractActiveHandler } from './application/commands/set-contract-active/set-contract-active.handler';
import { SweepExpiredContractsHandler } from './application/commands/sweep-expired-contracts/sweep-expired-contracts.handler';
import { TerminateContractHandler } from './application/commands/terminate-contract/terminate-contract.handler';
import { CreateInvoiceHandler } from './application/commands/create-invoice/create-invoice.handler';
import { CreateInvoiceFromWorkOrderHandler } from './application/commands/create-invoice-from-work-order/create-invoice-from-work-order.handler';
import { DeleteInvoiceHandler } from './application/commands/delete-invoice/delete-invoice.handler';
import { MarkInvoiceOverdueHandler } from './application/commands/mark-invoice-overdue/mark-invoice-overdue.handler';
import { PayInvoiceHandler } from './application/commands/pay-invoice/pay-invoice.handler';
import { ReviseInvoiceHandler } from './application/commands/revise-invoice/revise-invoice.handler';
import { SendInvoiceHandler } from './application/commands/send-invoice/send-invoice.handler';
import { SetInvoiceActiveHandler } from './application/commands/set-invoice-active/set-invoice-active.handler';
import { SweepOverdueInvoicesHandler } from './application/commands/sweep-overdue-invoices/sweep-overdue-invoices.handler';
import { VoidInvoiceHandler } from './application/commands/void-invoice/void-invoice.handler';
import { ContractChanges } from './application/contract-changes';
import { InvoiceChanges } from './application/invoice-changes';
import { BillingJobClaims } from './application/jobs/billing-job.claims';
import { BillingJobsScheduler } from './application/jobs/billing-jobs.scheduler';
import { BillingSweeper } from './application/jobs/billing-sweeper';
import { ContractExpiryJob } from './application/jobs/contract-expiry.job';
import { InvoiceOverdueJob } from './application/jobs/invoice-overdue.job';
import { GetContractHandler } from './application/queries/get-contract/get-contract.handler';
import { ListContractsHandler } from './application/queries/list-contracts/list-contracts.handler';
import { ContractReader } from './application/queries/contract.reader';
import { GetInvoiceHandler } from './application/queries/get-invoice/get-invoice.handler';
import { ListInvoicesHandler } from './application/queries/list-invoices/list-invoices.handler';
import { InvoiceReader } from './application/queries/invoice.reader';
import { ContractRepository } from './domain/contract.repository';
import { InvoiceRepository } from './domain/invoice.repository';
import { SqlBillingJobClaims } from './infrastructure/typeorm/sql-billing-job.claims';
import { SqlBillingSourcesReader } from './infrastructure/typeorm/sql-billing-sources.reader';
import { SqlContractReader } from './infrastructure/typeorm/sql-contract.reader';
import { SqlContractRepository } from './infrastructure/typeorm/sql-contract.repository';
import { SqlInvoiceReader } from './infrastructure/typeorm/sql-invoice.reader';
import { SqlInvoiceRepository } from './infrastructure/typeorm/sql-invoice.repository';

const commandHandlers: Provider[] = [
  CreateInvoiceHandler,
  CreateInvoiceFromWorkOrderHandler,
  ReviseInvoiceHandler,
  SendInvoiceHandler,
  PayInvoiceHandler,
  VoidInvoiceHandler,
  MarkInvoiceOverdueHandler,
  SetInvoiceActiveHandler,
  DeleteInvoiceHandler,
  EraseInvoicePersonalDataHandler,
  SweepOverdueInvoicesHandler,
  CreateContractHandler,
  ReviseContractHandler,
  ActivateContractHandler,
  TerminateContractHandler,
  ExpireContractHandler,
  SetContractActiveHandler,
  DeleteContractHandler,
  SweepExpiredContractsHandler,
];

const queryHandlers: Provider[] = [
  GetInvoiceHandler,
  ListInvoicesHandler,
  GetContractHandler,
  ListContractsHandler,
];

const ports: Provider[] = [
  { provide: InvoiceRepository, useClass: SqlInvoiceRepository },
  { provide: ContractRepository, useClass: SqlContractRepository },
  { provide: InvoiceReader, useClass: SqlInvoiceReader },
  { provide: ContractReader, useClass: SqlContractReader },
  { provide: BillingSourcesReader, useClass: SqlBillingSourcesReader },
  { provide: BillingJobClaims, useClass: SqlBillingJobClaims },
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
