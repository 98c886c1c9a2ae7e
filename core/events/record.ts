/**
 * An event as it may leave the main side (the page, an export, `inspector tail --json`, a spill
 * file): its credential fields (the verification token in its header) masked.
 */

import { maskCredentials } from '../base/redact';
import type { EventFrame, ReceivedEvent } from './state';

export function maskedEvent(event: ReceivedEvent): ReceivedEvent {
  const raw = maskCredentials(event.raw);
  if (raw === event.raw) return event;
  let body: unknown = event.body;
  try {
    body = JSON.parse(raw);
  } catch {
    // Not JSON: the raw text stands for it.
  }
  return { ...event, raw, body };
}

/** One event in an export of what was caught (a line of NDJSON). */
export interface LiveEventRecord {
  seq: number;
  receivedAt: number;
  acknowledgedAt: number;
  duplicate: boolean;
  /** The `seq` of the first delivery, when `duplicate`. */
  duplicateOf?: number;
  frame: EventFrame;
  /** The event's JSON, or its raw text when it is not JSON. */
  event: unknown;
}

export function liveEventRecord(event: ReceivedEvent): LiveEventRecord {
  const masked = maskedEvent(event);
  return {
    seq: masked.seq,
    receivedAt: masked.receivedAt,
    acknowledgedAt: masked.acknowledgedAt,
    duplicate: masked.duplicate,
    ...(masked.duplicateOf !== undefined ? { duplicateOf: masked.duplicateOf } : {}),
    frame: masked.frame,
    event: masked.body ?? masked.raw,
  };
}

/** The record as a line of NDJSON. */
export function liveEventLine(event: ReceivedEvent): string {
  return `${JSON.stringify(liveEventRecord(event))}\n`;
}
