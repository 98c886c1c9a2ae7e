/**
 * The event_ids seen so far, so that an event the platform delivers twice (no acknowledgement in
 * time, a reconnect in between) is marked as a duplicate of the first. Bounded: past `capacity`
 * the oldest ids are forgotten, which only matters for a resend coming after that many newer
 * events.
 */
export class SeenEvents {
  /** event_id → the sequence number of the first event that carried it, oldest first. */
  private readonly first = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** The sequence number of the first event with this id, or undefined (and the id remembered as `seq`'s). */
  check(eventId: string, seq: number): number | undefined {
    const earlier = this.first.get(eventId);
    if (earlier !== undefined) return earlier;
    if (this.first.size >= this.capacity) this.first.delete(this.first.keys().next().value!);
    this.first.set(eventId, seq);
    return undefined;
  }

  get size(): number {
    return this.first.size;
  }
}
