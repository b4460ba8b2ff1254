import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db, isUniqueViolation } from '@opsledger/persistence';
import { ContactEmailTakenError } from '../../domain/attendance.errors';
import { Contact } from '../../domain/contact.aggregate';
import { ContactRepository } from '../../domain/contact.repository';
import { CONTACT_COLUMNS, CONTACTS_OF_USERS, ContactRow } from './attendance-rows.sql';

const CONSENT = `SELECT consent_granted FROM contacts WHERE tenant_id = $1 AND id = $2 AND is_active`;
type ConsentRow = { consent_granted: boolean };

@Injectable()
export class SqlContactRepository extends ContactRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<Contact | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    )) as ContactRow[];
    const r = rows[0];
    if (!r) return null;
    return Contact.rehydrate(r.id, r.version, {
      tenantId: r.tenant_id,
      userId: r.user_id,
      email: r.email,
      phone: r.phone,
      firstName: r.first_name,
      lastName: r.last_name,
      ghlContactId: r.ghl_contact_id,
      notes: r.notes,
      consentGranted: r.consent_granted,
      consentTimestamp: r.consent_timestamp,
      consentWithdrawnAt: r.consent_withdrawn_at,
      isActive: r.is_active,
      createdAt: r.created_at,
    });
  }

  async hasConsent(tenantId: string, id: string): Promise<boolean> {
    const rows = (await this.db.manager.query(CONSENT, [tenantId, id])) as ConsentRow[];
    return rows[0]?.consent_granted ?? false;
  }

  linkedManyWithNext(
    tenantId: string,
    userIds: readonly string[],
  ): () => Promise<Map<string, { id: string; consentGranted: boolean }>> {
    const read = this.db.alongsideNext<ConsentRow & { id: string; user_id: string }>(
      CONTACTS_OF_USERS,
      [tenantId, JSON.stringify(userIds)],
    );
    return async () =>
      new Map(
        (await read.rows()).map((row) => [
          row.user_id,
          { id: row.id, consentGranted: row.consent_granted },
        ]),
      );
  }

  async save(contact: Contact): Promise<void> {
    try {
      await this.write(contact);
    } catch (error) {
      // the unique index is the check: two concurrent writers cannot both pass a prior read
      if (isUniqueViolation(error, 'uq_contacts_tenant_email')) throw new ContactEmailTakenError();
      throw error;
    }
  }

  private async write(contact: Contact): Promise<void> {
    const s = contact.snapshot;
    await this.writer.save(
      contact,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO contacts (id, tenant_id, user_id, email, phone, first_name, last_name, ghl_contact_id, notes,
             consent_granted, consent_timestamp, consent_withdrawn_at, is_active, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)`,
            [
              contact.id,
              s.tenantId,
              s.userId,
              s.email,
              s.phone,
              s.firstName,
              s.lastName,
              s.ghlContactId,
              s.notes,
              s.consentGranted,
              s.consentTimestamp,
              s.consentWithdrawnAt,
              s.isActive,
              s.createdAt,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE contacts SET email = $4, phone = $5, first_name = $6, last_name = $7, ghl_contact_id = $8, notes = $9,
             consent_granted = $10, consent_timestamp = $11, consent_withdrawn_at = $12, is_active = $13, version = $14
          WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [
            contact.id,
            s.tenantId,
            expectedVersion,
            s.email,
            s.phone,
            s.firstName,
            s.lastName,
            s.ghlContactId,
            s.notes,
            s.consentGranted,
            s.consentTimestamp,
            s.consentWithdrawnAt,
            s.isActive,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
