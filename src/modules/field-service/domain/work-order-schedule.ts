import { InvalidWorkOrderFieldError, InvalidWorkOrderScheduleError } from './work-order.errors';

/** RFC 3339 date-time with an explicit offset; seconds and fractions optional. */
export const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

export interface WorkOrderSchedule {
  start: Date;
  end: Date;
}

/** Parses an instant, refusing calendar nonsense that Date would roll over (30 February). */
export function toInstant(value: string, field: string): Date {
  const m = INSTANT.exec(value);
  const invalid = () =>
    new InvalidWorkOrderFieldError(
      field,
      `${field} must be an ISO 8601 date-time with an offset, like 2030-01-31T09:00:00Z`,
    );
  if (!m) throw invalid();
  const [year, month, day, hour, minute, second = '0', offsetHours = '0', offsetMinutes = '0'] =
    m.slice(1);
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (
    Number(month) < 1 ||
    Number(month) > 12 ||
    Number(day) < 1 ||
    Number(day) > daysInMonth ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59 ||
    Number(offsetHours) > 23 ||
    Number(offsetMinutes) > 59
  ) {
    throw invalid();
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid();
  return date;
}

/**
 * A schedule is both ends or neither; the end comes strictly after the start (the range is
 * half-open, `[start, end)`, as the exclusion constraint compares it).
 */
export function toSchedule(
  start: string | null | undefined,
  end: string | null | undefined,
): WorkOrderSchedule | null {
  if ((start === null || start === undefined) && (end === null || end === undefined)) return null;
  if (start === null || start === undefined)
    throw new InvalidWorkOrderScheduleError(
      'scheduledStart',
      'scheduledStart is required with scheduledEnd',
    );
  if (end === null || end === undefined)
    throw new InvalidWorkOrderScheduleError(
      'scheduledEnd',
      'scheduledEnd is required with scheduledStart',
    );
  const schedule = {
    start: toInstant(start, 'scheduledStart'),
    end: toInstant(end, 'scheduledEnd'),
  };
  if (schedule.end.getTime() <= schedule.start.getTime()) {
    throw new InvalidWorkOrderScheduleError(
      'scheduledEnd',
      'scheduledEnd must be after scheduledStart',
    );
  }
  return schedule;
}
