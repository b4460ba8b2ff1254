export const LEAD_COLUMNS = `id, user_id, workspace_id, name, email, phone, company, status, score, tags,
  opt_status, is_deleted, deleted_at, created_at, updated_at, version`;

export interface LeadRow {
  id: string;
  user_id: string;
  workspace_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: 'new' | 'active' | 'qualified' | 'unqualified' | 'closed';
  score: number | null;
  tags: string[];
  opt_status: 'opted_in' | 'opted_out' | 'pending' | null;
  is_deleted: boolean;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export const PROPERTY_COLUMNS = `id, user_id, tenant_id, address_line_1, address_line_2, city, state, zip, bedrooms,
  bathrooms, square_feet, lot_size, year_built, purchase_price, arv, status, property_type, mls_id, notes,
  is_deleted, deleted_at, created_at, updated_at, version`;

export interface PropertyRow {
  id: string;
  user_id: string;
  tenant_id: string;
  address_line_1: string;
  address_line_2: string | null;
  city: string;
  state: string;
  zip: string;
  bedrooms: number | null;
  /** numeric(3,1) comes back as a string. */
  bathrooms: string | null;
  square_feet: number | null;
  lot_size: number | null;
  year_built: number | null;
  purchase_price: string | null;
  arv: string | null;
  status: string | null;
  property_type: string | null;
  mls_id: string | null;
  notes: string | null;
  is_deleted: boolean;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export const DEAL_COLUMNS = `id, user_id, tenant_id, lead_id, property_id, status, stage, title, estimated_value,
  probability, to_char(expected_close_date, 'YYYY-MM-DD') AS expected_close_date, next_action, next_action_due,
  notes, created_at, updated_at, version`;

export interface DealRow {
  id: string;
  user_id: string;
  tenant_id: string;
  lead_id: string | null;
  property_id: string | null;
  status: 'active' | 'won' | 'lost' | 'archived';
  stage: string;
  title: string;
  estimated_value: string | null;
  probability: number | null;
  expected_close_date: string | null;
  next_action: string | null;
  next_action_due: Date | null;
  notes: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}
