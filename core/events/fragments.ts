/**
 * Joins an event's fragments. The platform splits a large event into `sum` data frames sharing a
 * `message_id`, numbered by `seq` from 0; they may come in any order, and a fragment may come
 * twice (a resend). A message whose fragments stop coming is given up after a while, and said so:
 * an event lost this way must show in the connection log, not vanish.
 */

import type { Clock } from '../base/ports';
import type { FrameProblem } from './state';

export interface Fragment {
  messageId: string;
  traceId?: string;
  sum: number;
  seq: number;
  payload: Uint8Array;
}

export type JoinResult =
  | { status: 'complete'; payload: Uint8Array }
  | { status: 'waiting'; got: number }
  /** This fragment had come already: the first copy is kept. */
  | { status: 'repeated' }
  | { status: 'invalid'; problem: Extract<FrameProblem, { code: 'misplaced_fragment' | 'fragment_count' }> };

/** A message given up with fragments missing. */
export interface IncompleteMessage {
  messageId: string;
  traceId?: string;
  got: number;
  sum: number;
  firstAt: number;
  /** `ttl`: its fragments stopped coming; `evicted`: too many messages were waiting at once. */
  why: 'ttl' | 'evicted';
}

interface Pending {
  parts: (Uint8Array | undefined)[];
  got: number;
  traceId?: string;
  firstAt: number;
  cancelTimer: () => void;
}

export class FragmentJoiner {
  /** In arrival order of each message's first fragment: the oldest is the first evicted. */
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly onIncomplete: (message: IncompleteMessage) => void,
    private readonly maxPending = 1_000,
  ) {}

  add(fragment: Fragment): JoinResult {
    const { messageId, sum, seq } = fragment;
    if (!Number.isInteger(sum) || sum < 1 || !Number.isInteger(seq) || seq < 0 || seq >= sum) {
      return { status: 'invalid', problem: { code: 'misplaced_fragment', seq, sum } };
    }
    if (sum === 1) return { status: 'complete', payload: fragment.payload };
    let message = this.pending.get(messageId);
    if (!message) {
      if (this.pending.size >= this.maxPending) this.giveUp(this.pending.keys().next().value!, 'evicted');
      const created: Pending = {
        parts: new Array<Uint8Array | undefined>(sum).fill(undefined),
        got: 0,
        firstAt: this.clock.now(),
        cancelTimer: this.clock.after(this.ttlMs, () => this.giveUp(messageId, 'ttl')),
        ...(fragment.traceId !== undefined ? { traceId: fragment.traceId } : {}),
      };
      this.pending.set(messageId, created);
      message = created;
    }
    if (message.parts.length !== sum) {
      return { status: 'invalid', problem: { code: 'fragment_count', seq, sum, firstSum: message.parts.length } };
    }
    if (message.parts[seq] !== undefined) return { status: 'repeated' };
    message.parts[seq] = fragment.payload;
    message.got += 1;
    if (message.got < sum) return { status: 'waiting', got: message.got };
    message.cancelTimer();
    this.pending.delete(messageId);
    return { status: 'complete', payload: concat(message.parts as Uint8Array[]) };
  }

  /** Forgets every waiting message, its timer too (the connection is over). */
  clear(): void {
    for (const message of this.pending.values()) message.cancelTimer();
    this.pending.clear();
  }

  private giveUp(messageId: string, why: IncompleteMessage['why']): void {
    const message = this.pending.get(messageId);
    if (!message) return;
    message.cancelTimer();
    this.pending.delete(messageId);
    this.onIncomplete({
      messageId,
      got: message.got,
      sum: message.parts.length,
      firstAt: message.firstAt,
      why,
      ...(message.traceId !== undefined ? { traceId: message.traceId } : {}),
    });
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
