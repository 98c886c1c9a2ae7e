/** System messages: a template with `{slot}`s and the values that fill them. */

import type { DecodeContext } from '../runs';
import { isRecord, LOCALE_ORDER, nonEmptyStringOf, own, stringOf, type JsonObject } from '../values';
import { missing, type Decoded } from './common';

const SLOT = /\{([A-Za-z0-9_]*)\}/g;

export function decodeSystem(p: JsonObject, ctx: DecodeContext): Decoded {
  const templateValue = own(p, 'template');
  const template = stringOf(templateValue);
  if (template === undefined) return missing('system', 'template', templateValue);
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(p)) {
    if (key === 'template') continue;
    const text = slotValueOf(value);
    if (text !== undefined && text !== '') values.set(key, text);
  }
  const used = new Map<string, string>();
  const unfilled: string[] = [];
  const text = template.replace(SLOT, (slot, name: string) => {
    const value = values.get(name);
    if (value === undefined) {
      if (!unfilled.includes(name)) unfilled.push(name);
      return slot;
    }
    used.set(name, value);
    return value;
  });
  if (unfilled.length > 0) {
    ctx.warn(`System template slots without a value: ${unfilled.map((n) => `{${n}}`).join(', ')} (shown as written).`);
  }
  const callEnded = template.length > 0 && template.trim() === '';
  if (template === '') ctx.warn('The system template is empty.');
  return { fields: { kind: 'system', template, text, values: Object.fromEntries(used), unfilled, callEnded } };
}

/** A system slot's value: a string, a list of names, or `{text, i18n_text}` (divider_text). */
function slotValueOf(value: unknown): string | undefined {
  const direct = stringOf(value);
  if (direct !== undefined) return direct;
  if (Array.isArray(value)) {
    const parts = value
      .map((v) => stringOf(v) ?? stringOf(own(v, 'name')) ?? stringOf(own(v, 'text')))
      .filter((s): s is string => s !== undefined && s !== '');
    return parts.join(', ');
  }
  if (isRecord(value)) {
    const text = nonEmptyStringOf(own(value, 'text'));
    if (text !== undefined) return text;
    const i18n = own(value, 'i18n_text');
    if (isRecord(i18n)) {
      for (const locale of LOCALE_ORDER) {
        const localized = nonEmptyStringOf(own(i18n, locale));
        if (localized !== undefined) return localized;
      }
      for (const localized of Object.values(i18n)) {
        const s = nonEmptyStringOf(localized);
        if (s !== undefined) return s;
      }
    }
  }
  return undefined;
}
