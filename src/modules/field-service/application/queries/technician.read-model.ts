import { TechnicianAvailability, TechnicianStatus } from '../../domain/technician-lifecycle';
import { TechnicianCertification } from '../../domain/technician-qualifications';

export interface TechnicianView {
  id: string;
  tenantId: string;
  licenseNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  /** Exact decimal string, e.g. "85.50". */
  hourlyRate: string;
  certifications: TechnicianCertification[];
  skills: string[];
  userId: string | null;
  isActive: boolean;
  status: TechnicianStatus;
  availability: TechnicianAvailability;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const TECHNICIAN_SORTS = ['createdAt', 'lastName', 'licenseNumber'] as const;
export type TechnicianSort = (typeof TECHNICIAN_SORTS)[number];

export interface TechnicianFilter {
  /** Part of the name, licence number or email, case-insensitive. */
  q?: string;
  skill?: string;
  availability?: TechnicianAvailability;
  status?: TechnicianStatus;
  isActive?: boolean;
  /** Free in `[from, to)`: active, not on leave, no active work order overlapping the window. */
  window?: { from: Date; to: Date };
}

export interface TechnicianListOptions {
  sort: TechnicianSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}
