import { StreamableFile } from '@nestjs/common';
import type { AttendanceLine } from '../application/queries/attendance.read-model';

const COLUMNS: Array<keyof AttendanceLine> = [
  'sessionId',
  'contactId',
  'contactName',
  'contactEmail',
  'meetingId',
  'meetingName',
  'status',
  'startedAt',
  'checkedInAt',
  'checkedOutAt',
  'attendedSeconds',
  'events',
  'deniedEvents',
  'timeoutEvents',
  'clockSkewedEvents',
  'outsideWindowEvents',
];

/** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs it. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function attendanceCsv(lines: readonly AttendanceLine[], filename: string): StreamableFile {
  const body = [COLUMNS.join(','), ...lines.map((l) => COLUMNS.map((c) => cell(l[c])).join(','))]
    .map((row) => `${row}\r\n`)
    .join('');
  return new StreamableFile(Buffer.from(body, 'utf8'), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${filename}"`,
  });
}
