import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import {
  LEAD_STATUSES,
  LeadStatus,
  OPT_STATUSES,
  OptStatus,
} from '../../../domain/events/lead.events';
import { InvalidCrmFieldError } from '../../../domain/crm.errors';
import { Lead } from '../../../domain/lead.aggregate';
import { LeadRepository } from '../../../domain/lead.repository';
import { investorOf } from '../../crm-investor';
import {
  ImportLeadsCommand,
  LeadImportOutcome,
  LeadImportReport,
  LeadImportRow,
} from './import-leads.command';

function leadOf(row: LeadImportRow, userId: string, workspaceId: string): Lead {
  const cell = (name: string) => {
    const value = row.cells[name]?.trim();
    return value ? value : undefined;
  };
  const status = cell('status');
  if (status !== undefined && !(LEAD_STATUSES as readonly string[]).includes(status))
    throw new InvalidCrmFieldError('status', `status must be one of ${LEAD_STATUSES.join(', ')}`);
  const optStatus = cell('opt_status');
  if (optStatus !== undefined && !(OPT_STATUSES as readonly string[]).includes(optStatus))
    throw new InvalidCrmFieldError(
      'opt_status',
      `opt_status must be one of ${OPT_STATUSES.join(', ')}`,
    );
  const score = cell('score');
  if (score !== undefined && !/^\d{1,3}$/.test(score))
    throw new InvalidCrmFieldError('score', 'score must be an integer from 0 to 100');
  return Lead.create({
    id: randomUUID(),
    userId,
    workspaceId,
    name: cell('name') ?? '',
    email: cell('email') ?? null,
    phone: cell('phone') ?? null,
    company: cell('company') ?? null,
    status: status as LeadStatus | undefined,
    optStatus: optStatus as OptStatus | undefined,
    score: score === undefined ? null : Number(score),
    tags: cell('tags')?.split(/[;|]/) ?? [],
    source: 'csv_import',
  });
}

/**
 * Imports what it can and reports every row: created, duplicate (lower(email) or phone of a
 * live lead of the workspace, or of an earlier row of the same file) or invalid (the field
 * and why). Rows are independent; one import is one transaction.
 */
@CommandHandler(ImportLeadsCommand)
export class ImportLeadsHandler implements ICommandHandler<ImportLeadsCommand, LeadImportReport> {
  constructor(
    private readonly db: Db,
    private readonly leads: LeadRepository,
  ) {}

  async execute(command: ImportLeadsCommand): Promise<LeadImportReport> {
    const investor = investorOf(command.actor);
    return this.db.transaction(async () => {
      const rows: LeadImportOutcome[] = [];
      const seenEmails = new Set<string>();
      const seenPhones = new Set<string>();
      for (const row of command.rows) {
        let lead: Lead;
        try {
          lead = leadOf(row, investor.userId, investor.workspaceId);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          const field = error.details?.field;
          rows.push({
            line: row.line,
            outcome: 'invalid',
            field: typeof field === 'string' ? field : null,
            message: error.message,
          });
          continue;
        }
        const { email, phone } = lead.snapshot;
        const inFile =
          email !== null && seenEmails.has(email)
            ? ('email' as const)
            : phone !== null && seenPhones.has(phone)
              ? ('phone' as const)
              : null;
        const duplicate = inFile ?? (await this.leads.saveUnlessDuplicate(lead));
        if (duplicate) {
          rows.push({
            line: row.line,
            outcome: 'duplicate',
            field: duplicate,
            message: inFile
              ? `an earlier row of the file has this ${duplicate}`
              : `a lead of the workspace already has this ${duplicate}`,
          });
          continue;
        }
        if (email !== null) seenEmails.add(email);
        if (phone !== null) seenPhones.add(phone);
        rows.push({ line: row.line, outcome: 'created', leadId: lead.id });
      }
      const count = (outcome: LeadImportOutcome['outcome']) =>
        rows.filter((r) => r.outcome === outcome).length;
      return {
        created: count('created'),
        duplicates: count('duplicate'),
        invalid: count('invalid'),
        rows,
      };
    });
  }
}
