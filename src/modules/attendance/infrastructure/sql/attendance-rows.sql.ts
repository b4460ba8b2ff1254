/** Rows of the attendance tables as `pg` returns them, shared by repositories and the reader. */
export interface ContactRow {
  id: string;
  tenant_id: string;
  user_id: string | null;
  email: string;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  ghl_contact_id: string | null;
  notes: string | null;
  consent_granted: boolean;
  consent_timestamp: Date | null;
  consent_withdrawn_at: Date | null;
  is_active: boolean;
  created_at: Date;
  version: number;
}

export const CONTACT_COLUMNS = `id, tenant_id, user_id, email, phone, first_name, last_name, ghl_contact_id, notes,
  consent_granted, consent_timestamp, consent_withdrawn_at, is_active, created_at, version`;

export interface MeetingRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  address: string;
  lat: number;
  lng: number;
  radius_meters: number;
  start_time: Date | null;
  end_time: Date | null;
  is_active: boolean;
  qr_code: string | null;
  created_by: string | null;
  created_at: Date;
  version: number;
}

export const MEETING_COLUMNS = `id, tenant_id, name, description, address, lat, lng, radius_meters, start_time, end_time,
  is_active, qr_code, created_by, created_at, version`;

/** The active contact a user is linked to in a tenant ($1 tenant, $2 user), and its consent. */
export const CONTACT_OF_USER = `SELECT id, consent_granted FROM contacts WHERE tenant_id = $1 AND user_id = $2 AND is_active`;

/** `CONTACT_OF_USER` for several users ($2: a JSON array of user ids), each row with its user. */
export const CONTACTS_OF_USERS = `SELECT id, user_id, consent_granted FROM contacts
  WHERE tenant_id = $1 AND is_active AND user_id IN (SELECT u::uuid FROM json_array_elements_text($2::json) AS u)`;
