/**
 * Where a live session's events go once they are no longer kept in memory, so that an export of
 * what was caught still holds them: a file on the Node hosts (node/event-spill.ts). What goes in
 * is export lines (core/events/record.ts: credentials masked), in order.
 */

export interface EventSpill {
  /** Keeps one line after those before it. Never throws: a failure to keep it is told by the reader. */
  append(line: string): void;
  /**
   * Everything appended before this call, to be read (later, while more is appended) in order.
   * Reading rejects when some of it could not be kept.
   */
  snapshot(): () => AsyncIterable<string>;
  /**
   * Nothing more is appended; what was kept is removed once no reader is using it. Resolves when
   * it is removed, or at once when a reader still is (the reader's end removes it).
   */
  discard(): Promise<void>;
}

/** Opens the spill of a new live session of the profile. */
export type EventSpillOpener = (profileId: string) => EventSpill;
