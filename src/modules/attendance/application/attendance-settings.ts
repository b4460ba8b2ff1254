/** Tunables of the attendance context, from the environment (README: configuration). */
export interface AttendanceSettings {
  /** A client clock further than this from the server's is flagged `clockSkewed`. */
  maxClockSkewSeconds: number;
}

export const ATTENDANCE_SETTINGS = Symbol('ATTENDANCE_SETTINGS');
