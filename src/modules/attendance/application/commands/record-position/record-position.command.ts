import type { Actor } from '@opsledger/persistence';
import type { Position } from '../../../domain/geofence';

export interface PositionInput {
  /** Absent when the phone reported no fix (a timeout). */
  fix: Position | null;
  accuracy: number | null;
  tsClient: Date;
  qrCode?: string;
  notes?: string | null;
}

/** A check-in, check-out or location update reported by the contact's phone. */
export class RecordPositionCommand {
  constructor(
    readonly actor: Actor,
    readonly sessionId: string,
    readonly type: 'check_in' | 'check_out' | 'location_update',
    readonly input: PositionInput,
  ) {}
}
