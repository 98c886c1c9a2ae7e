/** What every content decoder returns, and the wording they share. */

import type { BrokenView, MessageView, ViewBase } from '../model';
import type { DecodeContext } from '../runs';
import { jsonTypeOf, type JsonObject } from '../values';

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The type-specific fields of a view of this kind (what a decoder fills in). */
export type FieldsOf<K extends MessageView['kind']> = DistributiveOmit<Extract<MessageView, { kind: K }>, keyof ViewBase>;

/** A decoder's answer: the type-specific fields, or why the content has the wrong shape. */
export type Decoded = { fields: DistributiveOmit<Exclude<MessageView, BrokenView>, keyof ViewBase> } | { wrongShape: string };

/**
 * Reads one msg_type's `body.content` once it is parsed and known to be a JSON object. Never
 * throws on content: what is odd but readable becomes a warning on `ctx`.
 */
export type ContentDecoder = (p: JsonObject, ctx: DecodeContext) => Decoded;

/** The wrong shape of a content whose required string field is absent or not a string. */
export function missing(msgType: string, field: string, value: unknown): { wrongShape: string } {
  return {
    wrongShape:
      value === undefined
        ? `The ${msgType} content has no ${field}.`
        : `The ${msgType} content's ${field} should be a string, but it is ${jsonTypeOf(value)}.`,
  };
}
