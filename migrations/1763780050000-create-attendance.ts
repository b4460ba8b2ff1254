import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * Spec 004 (Verified Compliance) as the `attendance` context: contacts, meetings, sessions and
 * session_events with the spec's columns, defaults and named indexes, plus tenant_id (RLS),
 * UUID keys, the aggregate version, the consent withdrawal time, a contact's link to a user,
 * and per event the server's decision (distance, clock-skew and window flags) and receipt id
 * (the receipt column of spec 004's v2 plan). At most one open session per contact is a
 * partial unique index.
 */
export class CreateAttendance1763780050000 implements MigrationInterface {
  name = 'CreateAttendance1763780050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE contacts (
      id                   uuid PRIMARY KEY,
      tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      user_id              uuid REFERENCES users (id) ON DELETE SET NULL,
      email                varchar(255) NOT NULL,
      phone                varchar(20) CONSTRAINT ck_contacts_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{1,14}$'),
      first_name           varchar(100),
      last_name            varchar(100),
      password_hash        varchar(255),
      ghl_contact_id       varchar(100),
      consent_granted      boolean NOT NULL DEFAULT false,
      consent_timestamp    timestamptz,
      consent_withdrawn_at timestamptz,
      notes                text,
      is_active            boolean NOT NULL DEFAULT true,
      created_at           timestamptz NOT NULL DEFAULT now(),
      updated_at           timestamptz NOT NULL DEFAULT now(),
      version              integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_contacts_tenant_email UNIQUE (tenant_id, email),
      CONSTRAINT uq_contacts_tenant_ghl_contact_id UNIQUE (tenant_id, ghl_contact_id),
      CONSTRAINT uq_contacts_tenant_user UNIQUE (tenant_id, user_id)
    )`);
    await q.query(
      `COMMENT ON COLUMN contacts.password_hash IS 'spec 004; never used for login (identity.users is the only login)'`,
    );
    await q.query(`CREATE INDEX ix_contacts_email ON contacts (email)`);
    await q.query(`CREATE INDEX ix_contacts_phone ON contacts (phone)`);
    await q.query(`CREATE INDEX ix_contacts_ghl_contact_id ON contacts (ghl_contact_id)`);
    await q.query(`CREATE INDEX ix_contacts_is_active ON contacts (is_active)`);

    await q.query(`CREATE TABLE meetings (
      id             uuid PRIMARY KEY,
      tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name           varchar(255) NOT NULL,
      description    text,
      address        varchar(500) NOT NULL,
      lat            double precision NOT NULL CONSTRAINT ck_meetings_lat CHECK (lat BETWEEN -90 AND 90),
      lng            double precision NOT NULL CONSTRAINT ck_meetings_lng CHECK (lng BETWEEN -180 AND 180),
      radius_meters  double precision NOT NULL DEFAULT 100 CONSTRAINT ck_meetings_radius CHECK (radius_meters > 0),
      start_time     timestamptz,
      end_time       timestamptz,
      is_active      boolean NOT NULL DEFAULT true,
      qr_code        varchar(100),
      created_by     uuid,
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now(),
      version        integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_meetings_qr_code UNIQUE (qr_code),
      CONSTRAINT ck_meetings_window CHECK (end_time IS NULL OR start_time IS NULL OR end_time > start_time)
    )`);
    await q.query(`CREATE INDEX ix_meetings_name ON meetings (name)`);
    await q.query(`CREATE INDEX ix_meetings_is_active ON meetings (is_active)`);
    await q.query(`CREATE INDEX ix_meetings_qr_code ON meetings (qr_code)`);
    await q.query(`CREATE INDEX ix_meetings_lat_lng ON meetings (lat, lng)`);

    await q.query(`CREATE TABLE sessions (
      id               uuid PRIMARY KEY,
      tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      contact_id       uuid NOT NULL REFERENCES contacts (id),
      meeting_id       uuid REFERENCES meetings (id),
      status           varchar(20) NOT NULL DEFAULT 'active' CONSTRAINT ck_sessions_status CHECK (status IN ('active', 'checked_in', 'completed', 'ended')),
      dest_name        varchar(255) NOT NULL,
      dest_address     varchar(500) NOT NULL,
      dest_lat         double precision NOT NULL,
      dest_lng         double precision NOT NULL,
      session_notes    text,
      is_complete      boolean NOT NULL DEFAULT false,
      checked_in_at    timestamptz,
      checked_out_at   timestamptz,
      attended_seconds integer CONSTRAINT ck_sessions_attended CHECK (attended_seconds >= 0),
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      version          integer NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX ix_sessions_contact_id ON sessions (contact_id)`);
    await q.query(`CREATE INDEX ix_sessions_meeting_id ON sessions (meeting_id)`);
    await q.query(`CREATE INDEX ix_sessions_status ON sessions (status)`);
    await q.query(`CREATE INDEX ix_sessions_is_complete ON sessions (is_complete)`);
    await q.query(`CREATE INDEX ix_sessions_created_at ON sessions (created_at)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_sessions_open_contact ON sessions (contact_id) WHERE status IN ('active', 'checked_in')`,
    );

    await q.query(`CREATE TABLE session_events (
      id               uuid PRIMARY KEY,
      tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      session_id       uuid NOT NULL REFERENCES sessions (id),
      type             varchar(20) NOT NULL CONSTRAINT ck_session_events_type CHECK (type IN ('check_in', 'check_out', 'location_update', 'status_change')),
      ts_client        timestamptz NOT NULL,
      ts_server        timestamptz NOT NULL DEFAULT now(),
      lat              double precision CONSTRAINT ck_session_events_lat CHECK (lat BETWEEN -90 AND 90),
      lng              double precision CONSTRAINT ck_session_events_lng CHECK (lng BETWEEN -180 AND 180),
      accuracy         double precision CONSTRAINT ck_session_events_accuracy CHECK (accuracy >= 0),
      location_flag    varchar(10) NOT NULL DEFAULT 'granted' CONSTRAINT ck_session_events_location_flag CHECK (location_flag IN ('granted', 'denied', 'timeout')),
      distance_meters  double precision,
      clock_skewed     boolean NOT NULL DEFAULT false,
      outside_window   boolean NOT NULL DEFAULT false,
      receipt_id       uuid,
      notes            text,
      created_at       timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_session_events_fix CHECK ((lat IS NULL) = (lng IS NULL) AND (lat IS NOT NULL OR location_flag = 'timeout' OR type = 'status_change'))
    )`);
    await q.query(`CREATE INDEX ix_session_events_session_id ON session_events (session_id)`);
    await q.query(`CREATE INDEX ix_session_events_type ON session_events (type)`);
    await q.query(`CREATE INDEX ix_session_events_ts_server ON session_events (ts_server)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_session_events_receipt_id ON session_events (receipt_id) WHERE receipt_id IS NOT NULL`,
    );

    for (const table of ['contacts', 'meetings', 'sessions']) await touchUpdatedAt(q, table);
    for (const table of ['contacts', 'meetings', 'sessions', 'session_events']) {
      await enableTenantRls(q, table);
      await grantToApp(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE session_events`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE meetings`);
    await q.query(`DROP TABLE contacts`);
  }
}
