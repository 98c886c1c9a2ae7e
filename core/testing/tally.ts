/** What an export holds against what it should: how tests and benchmarks check "0 lost, 0 duplicated". */
export interface IdTally {
  /** Expected IDs found at least once. */
  found: number;
  /** Expected IDs not found. */
  lost: number;
  /** Occurrences past the first of any ID (expected or not). */
  duplicated: number;
  /** IDs found that were not expected (each counted once). */
  unexpected: number;
  /** A few of the lost, duplicated and unexpected IDs, to say which. */
  examples: { lost: string[]; duplicated: string[]; unexpected: string[] };
}

const EXAMPLES = 3;

export function tallyIds(expected: Iterable<string>, found: Iterable<string>): IdTally {
  const wanted = new Set(expected);
  const times = new Map<string, number>();
  for (const id of found) times.set(id, (times.get(id) ?? 0) + 1);
  const examples: IdTally['examples'] = { lost: [], duplicated: [], unexpected: [] };
  const note = (list: string[], id: string) => {
    if (list.length < EXAMPLES) list.push(id);
  };
  let present = 0;
  let lost = 0;
  for (const id of wanted) {
    if (times.has(id)) present += 1;
    else {
      lost += 1;
      note(examples.lost, id);
    }
  }
  let duplicated = 0;
  let unexpected = 0;
  for (const [id, count] of times) {
    if (count > 1) {
      duplicated += count - 1;
      note(examples.duplicated, id);
    }
    if (!wanted.has(id)) {
      unexpected += 1;
      note(examples.unexpected, id);
    }
  }
  return { found: present, lost, duplicated, unexpected, examples };
}
