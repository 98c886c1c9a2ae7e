/**
 * Numbers, sizes, durations and dates in the UI's language (`i18n.language`), never in the
 * browser's or the system's default locale. Strings reach these through i18next's formatting
 * (`{{count, number}}`, `{{size, bytes}}`, `{{left, duration}}`, `{{ms, milliseconds}}`,
 * `{{share, percent}}`); components that show a bare number or a date call them directly.
 */

import type { i18n as I18n } from 'i18next';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(lang, options)));
  return format;
}

/** 10000 → "10,000" (both languages group by thousands). */
export function formatNumber(value: number, lang: string, options?: Intl.NumberFormatOptions): string {
  return numberFormat(lang, options).format(value);
}

/** A share from 0 to 1 → "20%". */
export function formatPercent(share: number, lang: string): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

const BYTE_UNITS = ['kilobyte', 'megabyte', 'gigabyte'] as const;

/** 512 → "512 bytes" / "512字节"; 1234567 → "1.2 MB". Decimal units, as the kB / MB labels say. */
export function formatBytes(bytes: number, lang: string): string {
  if (Math.abs(bytes) < 1000) return numberFormat(lang, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
  let value = bytes / 1000;
  let unit: (typeof BYTE_UNITS)[number] = BYTE_UNITS[0];
  for (const next of BYTE_UNITS.slice(1)) {
    // 999.96 kB would round to "1,000 kB": move up a unit before that happens.
    if (Math.abs(value) < 999.95) break;
    value /= 1000;
    unit = next;
  }
  return numberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** A time measured in milliseconds, as such: 1234 → "1,234 ms" / "1,234毫秒". */
export function formatMilliseconds(ms: number, lang: string): string {
  return numberFormat(lang, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: 0 }).format(ms);
}

interface DurationParts {
  hours?: number;
  minutes?: number;
  seconds?: number;
}

/** Intl.DurationFormat where the engine has it (Chromium does; Node 20 does not). */
interface DurationFormatLike {
  format(duration: DurationParts): string;
}
type DurationFormatConstructor = new (lang: string, options: { style: 'short' }) => DurationFormatLike;

/**
 * A span of time in whole seconds, largest units first: 200000 → "3 min, 20 sec" / "3分钟20秒".
 * Under a second it is shown in milliseconds, so nothing reads as "0 sec".
 */
export function formatDuration(ms: number, lang: string): string {
  if (Math.abs(ms) < 1000) return formatMilliseconds(ms, lang);
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: DurationParts = {};
  if (hours) parts.hours = hours;
  if (minutes) parts.minutes = minutes;
  if (seconds || (!hours && !minutes)) parts.seconds = seconds;

  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat;
  if (DurationFormat) return new DurationFormat(lang, { style: 'short' }).format(parts);
  const units: [keyof DurationParts, string][] = [
    ['hours', 'hour'],
    ['minutes', 'minute'],
    ['seconds', 'second'],
  ];
  const pieces = units.flatMap(([field, unit]) => {
    const value = parts[field];
    return value === undefined ? [] : [numberFormat(lang, { style: 'unit', unit, unitDisplay: 'short' }).format(value)];
  });
  return new Intl.ListFormat(lang, { type: 'unit', style: 'short' }).format(pieces);
}

export type DateTimeStyle = 'long' | 'short';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment in the UI's language: `long` (message fields, event times) with seconds,
 * `short` (tree rows, history) without. `timeZone` is for tests; the app shows local time.
 */
export function formatDateTime(ms: number, lang: string, style: DateTimeStyle = 'long', timeZone?: string): string {
  const key = `${lang}|${style}|${timeZone ?? ''}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'long' ? { dateStyle: 'medium', timeStyle: 'medium' } : { dateStyle: 'short', timeStyle: 'short' };
    dateFormats.set(key, (format = new Intl.DateTimeFormat(lang, { ...options, timeZone })));
  }
  return format.format(ms);
}

/** The API's millisecond strings (`create_time`); anything else is shown as it came. */
export function formatApiTime(value: string | undefined, lang: string): string | undefined {
  if (!value) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) return value;
  return formatDateTime(ms, lang, 'long');
}

/** Formats a value only when it is a finite number; "?" and other placeholders pass through. */
function numeric(format: (value: number, lang: string, options: Record<string, unknown>) => string) {
  return (value: unknown, lang: string | undefined, options: Record<string, unknown> = {}): string =>
    typeof value === 'number' && Number.isFinite(value) ? format(value, lang ?? 'en', options) : String(value);
}

/**
 * The options a string may give `number(…)`. i18next hands a formatter every option of the t()
 * call too (`count`, the other values): those must neither reach Intl nor key its cache.
 */
const NUMBER_OPTIONS = ['maximumFractionDigits', 'minimumFractionDigits', 'signDisplay', 'useGrouping'] as const;

function numberOptions(options: Record<string, unknown>): Intl.NumberFormatOptions {
  const picked: Record<string, unknown> = {};
  for (const name of NUMBER_OPTIONS) if (options[name] !== undefined) picked[name] = options[name];
  return picked as Intl.NumberFormatOptions;
}

/**
 * `number` (replacing i18next's own, whose cache is keyed by every value of the t() call and
 * so grows with each new count), plus `bytes`, `duration`, `milliseconds`, `percent` and
 * `datetime` (medium date and time).
 */
export function registerFormatters(i18n: I18n): void {
  const formatter = i18n.services.formatter;
  if (!formatter) throw new Error('i18next has no formatter: call registerFormatters after init');
  formatter.add(
    'number',
    numeric((value, lang, options) => formatNumber(value, lang, numberOptions(options))),
  );
  formatter.add('bytes', numeric(formatBytes));
  formatter.add('duration', numeric(formatDuration));
  formatter.add('milliseconds', numeric(formatMilliseconds));
  formatter.add('percent', numeric(formatPercent));
  formatter.add(
    'datetime',
    numeric((value, lang) => formatDateTime(value, lang, 'long')),
  );
}
