/** How the viewer reads body.content. Numbers and dates are formatted in renderer/i18n/format.ts. */

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
