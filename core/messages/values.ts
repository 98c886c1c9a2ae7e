/**
 * Small readers for untrusted JSON values. Payloads come from pasted text and from the platform,
 * so nothing here assumes a shape, and keys named by the data are read as own properties only
 * (a slot called `{constructor}` must not find `Object.prototype.constructor`).
 */

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own property `key` of `value`, or `undefined`. */
export function own(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as JsonObject)[key] : undefined;
}

/** A string, or a finite number written as one; anything else is `undefined`. */
export function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A non-empty string from `stringOf`, or `undefined`. */
export function nonEmptyStringOf(value: unknown): string | undefined {
  const s = stringOf(value);
  return s === undefined || s === '' ? undefined : s;
}

/** A finite number, or a string holding one; anything else is `undefined`. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(trimmed)) return undefined;
    const n = Number(trimmed);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Below this a timestamp is taken to be in seconds: 1e11 ms is March 1973, 1e11 s is the
 * year 5138. Calendar and todo times come both ways.
 */
const SECONDS_LIMIT = 1e11;

export interface EpochResult {
  ms?: number;
  /** Set when a value was present but could not be read as a time. */
  problem?: string;
}

/** Epoch milliseconds from seconds or milliseconds, as a number or a numeric string. */
export function epochMsOf(value: unknown, field: string): EpochResult {
  if (value === undefined || value === null || value === '') return {};
  const n = numberOf(value);
  if (n === undefined) return { problem: `${field} is not a timestamp: ${describeValue(value)}` };
  const ms = Math.abs(n) < SECONDS_LIMIT ? n * 1000 : n;
  return { ms: Math.round(ms) };
}

/** JSON.parse that reports failure instead of throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

/** JSON.stringify that never throws (cycles, BigInt, depth): `undefined` when it cannot. */
export function stringifySafe(value: unknown): string | undefined {
  try {
    const s = JSON.stringify(value);
    return typeof s === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

/** The message of a thrown value, without trusting it to behave. */
export function errorText(error: unknown): string {
  try {
    if (error instanceof Error) return error.message;
    return String(error);
  } catch {
    return 'unknown error';
  }
}

/** A short, safe description of a value for warnings. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** The JSON type name of a value, for "expected an object, got …" messages. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/** Locale preference for i18n maps and post wrappers. */
export const LOCALE_ORDER = ['zh_cn', 'en_us'] as const;

/** From an i18n map `{zh_cn: …, en_us: …}`: zh_cn, then en_us, then the first key. */
export function pickLocale(map: JsonObject): { locale: string; value: unknown } | undefined {
  for (const locale of LOCALE_ORDER) {
    const value = own(map, locale);
    if (value !== undefined) return { locale, value };
  }
  const first = Object.keys(map)[0];
  return first === undefined ? undefined : { locale: first, value: map[first] };
}

/**
 * True when `value` nests deeper than `limit` arrays/objects. Iterative, and stops at the first
 * path that is too deep: deep values are legal JSON but break JSON.stringify and structured
 * clone (IPC), so views do not keep them.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const top = stack.pop();
    if (top === undefined || typeof top.value !== 'object' || top.value === null) continue;
    if (seen.has(top.value)) continue;
    seen.add(top.value);
    const depth = top.depth + 1;
    if (depth > limit) return true;
    const children = Array.isArray(top.value) ? top.value : Object.values(top.value);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth });
    }
  }
  return false;
}
