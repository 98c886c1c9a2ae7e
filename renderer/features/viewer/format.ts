/** Formatting helpers for the viewer: locale dates from the API's millisecond strings. */

export function formatApiTime(value: string | undefined, locale: string): string | undefined {
  if (!value) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(ms));
}

export type ParsedContent = { kind: 'json'; value: unknown } | { kind: 'raw'; raw: string } | { kind: 'empty' };

/** body.content is a JSON string; some messages carry plain text or nothing at all. */
export function parseContent(content: string | undefined): ParsedContent {
  if (content === undefined || content === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(content) };
  } catch {
    return { kind: 'raw', raw: content };
  }
}
