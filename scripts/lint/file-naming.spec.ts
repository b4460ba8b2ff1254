import { Rule, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

const { rules } = jest.requireActual<{ rules: Record<string, Rule.RuleModule> }>(
  './file-naming.cjs',
);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const ctx = 'src/modules/field-service';

const fails = (filename: string, message: RegExp, code = 'export const x = 1;') => ({
  name: filename,
  filename,
  code,
  errors: [{ message }],
});

const named = (cases: Array<{ filename: string; code: string }>) =>
  cases.map((c) => ({ name: c.filename, ...c }));

tester.run('file-naming', rules['file-naming'], {
  valid: named([
    { filename: `${ctx}/field-service.module.ts`, code: 'export class FieldServiceModule {}' },
    { filename: `${ctx}/field-service.billing.providers.ts`, code: 'export const p = [];' },
    {
      filename: `${ctx}/application/commands/pay-invoice/pay-invoice.command.ts`,
      code: 'export class PayInvoiceCommand {}',
    },
    {
      filename: `${ctx}/application/commands/pay-invoice/pay-invoice.handler.ts`,
      code: 'export class PayInvoiceHandler {}',
    },
    {
      filename: `${ctx}/application/commands/pay-invoice/pay-invoice.handler.spec.ts`,
      code: 'it("pays", () => {});',
    },
    {
      filename: `${ctx}/application/queries/get-invoice/get-invoice.query.ts`,
      code: 'export class GetInvoiceQuery {}',
    },
    {
      // acronyms keep their case: OAuth, UserInfo
      filename: 'src/modules/oauth/application/queries/get-userinfo/get-userinfo.handler.ts',
      code: 'export class GetUserInfoHandler {}',
    },
    {
      filename: `${ctx}/application/queries/invoice.reader.ts`,
      code: 'export abstract class InvoiceReader {}',
    },
    { filename: `${ctx}/application/queries/invoice.read-model.ts`, code: 'export interface V {}' },
    {
      filename: `${ctx}/infrastructure/typeorm/sql-invoice.repository.ts`,
      code: 'export class SqlInvoiceRepository {}',
    },
    {
      filename: `${ctx}/infrastructure/typeorm/sql-billing-job.claims.ts`,
      code: 'export class SqlBillingJobClaims {}',
    },
    {
      filename: 'src/modules/identity/infrastructure/mail/log.mailer.ts',
      code: 'export class LogMailer {}',
    },
    { filename: `${ctx}/infrastructure/typeorm/billing-list.sql.ts`, code: 'export const q = 1;' },
    { filename: `${ctx}/domain/invoice.aggregate.ts`, code: 'export class Invoice {}' },
    { filename: `${ctx}/domain/invoice-number.ts`, code: 'export class InvoiceNumber {}' },
    { filename: `${ctx}/domain/events/invoice.events.ts`, code: 'export class InvoicePaid {}' },
    { filename: `${ctx}/api/invoices.controller.ts`, code: 'export class InvoicesController {}' },
    { filename: `${ctx}/api/dto/invoice.request.dto.ts`, code: 'export class PayDto {}' },
    { filename: 'libs/http/src/problem-details.filter.ts', code: 'export class F {}' },
    { filename: 'test/anything/Whatever.ts', code: 'export const x = 1;' },
  ]),
  invalid: [
    fails(
      `${ctx}/application/commands/invoice-pay/invoice-pay.handler.ts`,
      /"invoice-pay".*verb/,
      'export class InvoicePayHandler {}',
    ),
    fails(
      `${ctx}/application/queries/invoice-get/invoice-get.query.ts`,
      /"invoice-get".*verb/,
      'export class InvoiceGetQuery {}',
    ),
    // a command verb does not make a query
    fails(
      `${ctx}/application/queries/create-invoice/create-invoice.query.ts`,
      /query verb/,
      'export class CreateInvoiceQuery {}',
    ),
    fails(`${ctx}/infrastructure/typeorm/typeorm-invoice.repository.ts`, /technology first/),
    fails(`${ctx}/infrastructure/typeorm/invoice-typeorm.repository.ts`, /technology first/),
    fails(`${ctx}/infrastructure/typeorm/invoice-sql.reader.ts`, /technology first/),
    fails(`${ctx}/infrastructure/typeorm/invoice.repository.ts`, /<technology>-<port>\.<kind>\.ts/),
    fails(`${ctx}/infrastructure/typeorm/helpers.ts`, /<technology>-<port>\.<kind>\.ts/),
    fails(`${ctx}/domain/InvoiceNumber.ts`, /not kebab-case/),
    fails(`${ctx}/domain/invoice_number.ts`, /not kebab-case/),
    fails(`${ctx}/api/Dto/invoice.dto.ts`, /folder "Dto"/),
    fails('libs/http/src/problemDetails.filter.ts', /not kebab-case/),
    fails(`${ctx}/invoices.ts`, /\.module\.ts, \.providers\.ts, \.public\.ts/),
    fails(
      `${ctx}/application/commands/pay-invoice/pay-invoice.helper.ts`,
      /\.command\.ts, \.handler\.ts/,
    ),
    fails(
      `${ctx}/application/commands/pay-invoice/invoice.command.ts`,
      /named pay-invoice\.command\.ts/,
    ),
    fails(`${ctx}/application/commands/pay-invoice.handler.ts`, /only use-case folders/),
    fails(`${ctx}/application/projections/invoices.ts`, /\.projection\.ts/),
    fails(`${ctx}/domain/events/invoice.ts`, /\.events\.ts/),
    fails(`${ctx}/api/invoices.handler.ts`, /a handler belongs in application/),
    fails(`${ctx}/helpers/invoice.ts`, /not a context folder/),
    // reader ports: one place
    fails(`${ctx}/application/invoice.reader.ts`, /reader ports live in application\/queries/),
    fails(`${ctx}/domain/invoice.reader.ts`, /reader ports live in application\/queries/),
    fails(
      `${ctx}/application/queries/get-invoice/invoice.reader.ts`,
      /reader ports live in application\/queries/,
    ),
    fails(
      `${ctx}/application/queries/invoice.read-model.ts`,
      /reader port InvoiceReader belongs in application\/queries\/<thing>\.reader\.ts/,
      'export interface V {}\nexport abstract class InvoiceReader {}',
    ),
    // classes follow their file names
    fails(
      `${ctx}/application/commands/pay-invoice/pay-invoice.handler.ts`,
      /exports no class PayInvoiceHandler/,
      'export class InvoicePayHandler {}',
    ),
    fails(
      `${ctx}/application/queries/invoice.reader.ts`,
      /exports no class InvoiceReader/,
      'export abstract class Invoices {}',
    ),
    fails(
      `${ctx}/infrastructure/typeorm/sql-invoice.repository.ts`,
      /exports no class SqlInvoiceRepository/,
      'export class TypeormInvoiceRepository {}',
    ),
  ],
});
