/**
 * The tree of a merge-forward, from the flat `data.items` list: the container first, then every
 * sub-message (nested forwards flattened into the same list), each naming its parent with
 * `upper_message_id`.
 *
 * Everything is iterative (depth is unbounded; 10,000 levels must not touch the call stack) and
 * O(n log n): one pass to index ids, one to follow parent links with cycle detection, a sort per
 * sibling list that is out of time order, and one breadth-first pass for depths.
 *
 * The links live in typed arrays and a `MessageNode` object is made only when something asks
 * for it (a row on screen, an export walking the tree). Opening a 10,000-message forward thus
 * costs a few flat loops before its first row is painted, in code the JIT has usually not seen
 * yet, rather than 20,000 objects and arrays for the collector.
 */

import type { ApiMessage } from '../feishu/types';
import { numberOf, stringOf } from './values';

/**
 * `cycle`: the node's `upper_message_id` led round in a loop, so the link was ignored and the
 * node re-attached (it is the earliest listed member of that loop). The container's own link is
 * never followed; it is flagged when that link leads back to the container, through messages
 * under it or straight to itself.
 * `missing_parent`: `upper_message_id` names a message that is not in the list.
 * `duplicate_id`: an earlier item has the same `message_id`; this one is kept as a node of its
 * own, but links by that id go to the first.
 */
export type MessageNodeFlag = 'cycle' | 'missing_parent' | 'duplicate_id';

export interface MessageNode {
  readonly item: ApiMessage;
  /** `message_id`, or `''` when the item has none. */
  readonly messageId: string;
  /** Position in `items`. */
  readonly index: number;
  /** The node this one hangs under; `undefined` for roots. */
  readonly parent: MessageNode | undefined;
  /** Ordered by `create_time` (see `buildMessageTree`). */
  readonly children: readonly MessageNode[];
  /** How many children, without making their nodes. */
  readonly childCount: number;
  /** 0 for roots. */
  readonly depth: number;
  readonly flags: readonly MessageNodeFlag[];
}

export interface MessageTree {
  /** The container first, then any item that names no parent (a list that is not one forward). */
  readonly roots: readonly MessageNode[];
  /** The flagged nodes, by flag, in list order. */
  readonly flags: Readonly<Record<MessageNodeFlag, readonly MessageNode[]>>;
  /** Nodes by `message_id` (the first item of each id). */
  readonly byId: ReadonlyMap<string, MessageNode>;
  /** All nodes, in the order of `items` (makes every node: for walks over the whole tree). */
  readonly nodes: readonly MessageNode[];
  /** How many nodes, without making them. */
  readonly size: number;
  readonly maxDepth: number;
  /** The node of `items[index]`; the same object every time. */
  node(index: number): MessageNode;
  /** The indexes of the roots, in order. */
  readonly rootIndexes: readonly number[];
  /** The indexes of a node's children in display order (a read-only view: do not write to it). */
  childIndexes(index: number): Int32Array;
  /** How many children `items[index]` has. */
  childCountOf(index: number): number;
}

export interface BuildTreeOptions {
  /**
   * Where nodes go whose parent is missing or whose links loop: under the first item
   * (`container`, the default: they are sub-messages of this forward) or as extra `root`s.
   */
  orphans?: 'container' | 'root';
}

const NO_PARENT = -1;
const NO_FLAGS: readonly MessageNodeFlag[] = Object.freeze([]);

/**
 * Builds the tree. The first item is always a root (it is the container, whatever its own
 * `upper_message_id` says). Siblings are ordered by `create_time`; an item without a readable
 * time keeps its place after the sibling listed before it, and equal times keep list order.
 */
export function buildMessageTree(items: readonly ApiMessage[], options: BuildTreeOptions = {}): MessageTree {
  return new IndexedTree(Array.isArray(items) ? items : [], options);
}

class IndexedTree implements MessageTree {
  readonly size: number;
  readonly maxDepth: number;
  private readonly items: readonly unknown[];
  private readonly indexById = new Map<string, number>();
  private readonly parentOf: Int32Array;
  private readonly depthOf: Int32Array;
  /** Children of node i are `childList[childStart[i] .. childStart[i + 1]]`, in display order. */
  private readonly childStart: Int32Array;
  private readonly childList: Int32Array;
  readonly rootIndexes: number[];
  private readonly flagsByIndex = new Map<number, MessageNodeFlag[]>();
  private readonly flagged: Record<MessageNodeFlag, number[]> = { cycle: [], missing_parent: [], duplicate_id: [] };
  private readonly made: (TreeNode | undefined)[];
  private cached: {
    roots?: MessageNode[];
    nodes?: MessageNode[];
    byId?: Map<string, MessageNode>;
    flags?: Record<MessageNodeFlag, MessageNode[]>;
  } = {};

  constructor(items: readonly unknown[], options: BuildTreeOptions) {
    const count = items.length;
    this.items = items;
    this.size = count;
    this.made = new Array<TreeNode | undefined>(count);
    // One read of every item, in flat loops with the field reads written out: this runs before
    // the first row of a large forward, in code the JIT has not compiled yet, where each call
    // costs. Times are kept as numbers (NaN: none) for the sibling order below.
    const uppers = new Array<string | undefined>(count);
    const times = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const item = items[i];
      if (typeof item !== 'object' || item === null) {
        times[i] = Number.NaN;
        continue;
      }
      const fields = item as Record<string, unknown>;
      times[i] = timeOf(fields.create_time) ?? Number.NaN;
      const upper = fields.upper_message_id;
      uppers[i] = typeof upper === 'string' ? upper : stringOf(upper);
      const id = idText(fields.message_id);
      if (id === '') continue;
      if (this.indexById.has(id)) this.flag(i, 'duplicate_id');
      else this.indexById.set(id, i);
    }

    // The container stays a root whatever its own upper_message_id says; when that link leads
    // back to it, the loop goes through the container, its earliest listed member.
    if (count > 0 && this.leadsBackToContainer(uppers)) this.flag(0, 'cycle');

    const orphanParent = options.orphans === 'root' || count === 0 ? NO_PARENT : 0;
    const parent = new Int32Array(count).fill(NO_PARENT);
    // Siblings come in runs naming the same parent: the last lookup is reused.
    let lastUpper: string | undefined;
    let lastParent: number | undefined;
    for (let i = 1; i < count; i++) {
      const upper = uppers[i];
      if (upper === undefined || upper === '') continue;
      let p: number | undefined;
      if (upper === lastUpper) p = lastParent;
      else {
        p = this.indexById.get(upper);
        lastUpper = upper;
        lastParent = p;
      }
      if (p === undefined) {
        this.flag(i, 'missing_parent');
        parent[i] = orphanParent;
      } else if (p === i) {
        this.flag(i, 'cycle');
        parent[i] = orphanParent;
      } else {
        parent[i] = p;
      }
    }
    // A node is reached from a root exactly when its parent links do not run into a loop, so
    // loops are looked for (and cut) only when the walk from the roots misses some node.
    let layout = layOut(parent);
    if (layout.reached < count) {
      breakCycles(parent, orphanParent, (i) => this.flag(i, 'cycle'));
      layout = layOut(parent);
    }
    const { start, list } = layout;
    for (let i = 0; i < count; i++) {
      if (start[i + 1]! - start[i]! > 1) sortByTime(list, start[i]!, start[i + 1]!, times);
    }
    this.parentOf = parent;
    this.rootIndexes = layout.roots;
    this.childStart = start;
    this.childList = list;
    this.depthOf = layout.depth;
    this.maxDepth = layout.maxDepth;
  }

  /** Whether following `upper_message_id` links from the container's own comes back to the container. */
  private leadsBackToContainer(uppers: readonly (string | undefined)[]): boolean {
    let upper = uppers[0];
    // A walk longer than the list has gone round a loop that does not pass the container.
    for (let steps = 0; steps <= uppers.length && upper !== undefined && upper !== ''; steps++) {
      const index = this.indexById.get(upper);
      if (index === undefined) return false;
      if (index === 0) return true;
      upper = uppers[index];
    }
    return false;
  }

  private flag(index: number, which: MessageNodeFlag): void {
    const current = this.flagsByIndex.get(index);
    if (current?.includes(which)) return;
    if (current) current.push(which);
    else this.flagsByIndex.set(index, [which]);
    this.flagged[which].push(index);
  }

  node(index: number): MessageNode {
    const made = this.made[index];
    if (made !== undefined) return made;
    if (!(index >= 0 && index < this.size)) throw new RangeError(`no node ${index} in a tree of ${this.size}`);
    const item = this.items[index];
    const messageId = typeof item === 'object' && item !== null ? idText((item as Record<string, unknown>).message_id) : '';
    const node = new TreeNode(this, index, item as ApiMessage, messageId);
    this.made[index] = node;
    return node;
  }

  get roots(): MessageNode[] {
    return (this.cached.roots ??= this.rootIndexes.map((i) => this.node(i)));
  }

  get nodes(): MessageNode[] {
    return (this.cached.nodes ??= Array.from({ length: this.size }, (_, i) => this.node(i)));
  }

  get byId(): Map<string, MessageNode> {
    return (this.cached.byId ??= new Map([...this.indexById].map(([id, i]) => [id, this.node(i)])));
  }

  get flags(): Record<MessageNodeFlag, MessageNode[]> {
    const nodes = (which: MessageNodeFlag) => this.flagged[which].map((i) => this.node(i));
    return (this.cached.flags ??= { cycle: nodes('cycle'), missing_parent: nodes('missing_parent'), duplicate_id: nodes('duplicate_id') });
  }

  childCountOf(index: number): number {
    return (this.childStart[index + 1] ?? 0) - (this.childStart[index] ?? 0);
  }

  childIndexes(index: number): Int32Array {
    return this.childList.subarray(this.childStart[index] ?? 0, this.childStart[index + 1] ?? 0);
  }

  /** @internal for TreeNode */
  parentIndex(index: number): number {
    return this.parentOf[index] ?? NO_PARENT;
  }

  /** @internal for TreeNode */
  depthAt(index: number): number {
    return this.depthOf[index] ?? 0;
  }

  /** @internal for TreeNode */
  flagsAt(index: number): readonly MessageNodeFlag[] {
    return this.flagsByIndex.get(index) ?? NO_FLAGS;
  }
}

class TreeNode implements MessageNode {
  private madeChildren: MessageNode[] | undefined;

  constructor(
    private readonly tree: IndexedTree,
    readonly index: number,
    readonly item: ApiMessage,
    readonly messageId: string,
  ) {}

  get parent(): MessageNode | undefined {
    const p = this.tree.parentIndex(this.index);
    return p === NO_PARENT ? undefined : this.tree.node(p);
  }

  get children(): readonly MessageNode[] {
    return (this.madeChildren ??= Array.from(this.tree.childIndexes(this.index), (i) => this.tree.node(i)));
  }

  get childCount(): number {
    return this.tree.childCountOf(this.index);
  }

  get depth(): number {
    return this.tree.depthAt(this.index);
  }

  get flags(): readonly MessageNodeFlag[] {
    return this.tree.flagsAt(this.index);
  }
}

interface Layout {
  roots: number[];
  /** Children of node i are `list[start[i] .. start[i + 1]]`, in list order. */
  start: Int32Array;
  list: Int32Array;
  depth: Int32Array;
  maxDepth: number;
  /** How many nodes the walk from the roots reached. */
  reached: number;
}

/** Groups children by parent (a counting sort that keeps list order) and walks down from the roots for depths. */
function layOut(parent: Int32Array): Layout {
  const count = parent.length;
  const roots: number[] = [];
  const start = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) {
    const p = parent[i]!;
    if (p === NO_PARENT) roots.push(i);
    else start[p + 1]!++;
  }
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const list = new Int32Array(count);
  const fill = start.slice(0, count);
  for (let i = 0; i < count; i++) {
    const p = parent[i]!;
    if (p !== NO_PARENT) list[fill[p]!++] = i;
  }

  const depth = new Int32Array(count);
  const queue = new Int32Array(count);
  let tail = 0;
  for (const r of roots) queue[tail++] = r;
  let maxDepth = 0;
  for (let head = 0; head < tail; head++) {
    const n = queue[head]!;
    const d = depth[n]! + 1;
    for (let c = start[n]!; c < start[n + 1]!; c++) {
      const child = list[c]!;
      depth[child] = d;
      queue[tail++] = child;
      if (d > maxDepth) maxDepth = d;
    }
  }
  return { roots, start, list, depth, maxDepth, reached: tail };
}

/**
 * Follows parent links from every node, marking each walk with its own stamp; meeting the
 * current stamp again means a loop. The loop is cut at its earliest listed member, which is
 * re-attached to `orphanParent` (the container's own link is not in `parent`, so no loop here
 * passes through it).
 */
function breakCycles(parent: Int32Array, orphanParent: number, onCut: (index: number) => void): void {
  const count = parent.length;
  const DONE = -1;
  const state = new Int32Array(count);
  const path: number[] = [];
  for (let start = 0; start < count; start++) {
    if (state[start] !== 0) continue;
    const stamp = start + 1;
    path.length = 0;
    let j = start;
    while (j !== NO_PARENT && state[j] === 0) {
      state[j] = stamp;
      path.push(j);
      j = parent[j] ?? NO_PARENT;
    }
    if (j !== NO_PARENT && state[j] === stamp) {
      let cut = j;
      for (let k = path.indexOf(j); k < path.length; k++) {
        const member = path[k];
        if (member !== undefined && member < cut) cut = member;
      }
      parent[cut] = orphanParent;
      onCut(cut);
    }
    for (const visited of path) state[visited] = DONE;
  }
}

/**
 * Puts the sibling indexes `list[from .. to]` in time order, in place; a sibling without a time
 * (NaN) takes the time of the one listed before it. Lists already in order (the usual case) are
 * only read.
 */
function sortByTime(list: Int32Array, from: number, to: number, times: Float64Array): void {
  let previous = Number.NEGATIVE_INFINITY;
  let ordered = true;
  for (let c = from; c < to; c++) {
    const time = times[list[c]!]!;
    if (time < previous) {
      ordered = false;
      break;
    }
    if (!Number.isNaN(time)) previous = time;
  }
  if (ordered) return;
  let last = Number.NEGATIVE_INFINITY;
  const keyed = Array.from(list.subarray(from, to), (index) => {
    const time = times[index]!;
    if (!Number.isNaN(time)) last = time;
    return { index, time: last };
  });
  keyed.sort((a, b) => a.time - b.time || a.index - b.index);
  for (let i = 0; i < keyed.length; i++) list[from + i] = keyed[i]!.index;
}

/** A `message_id` as the tree keys it: a string, a finite number written as one, or `''`. */
function idText(raw: unknown): string {
  return typeof raw === 'string' ? raw : (stringOf(raw) ?? '');
}

/** `numberOf` with a fast path for the usual create_time: a string of decimal digits. */
function timeOf(value: unknown): number | undefined {
  if (typeof value === 'string' && value.length > 0 && value.length < 17) {
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    // Starting 1–9 and ending in a digit rules out whitespace, signs and 0x/0o/0b prefixes, so
    // Number() reads exactly what numberOf's pattern accepts (or NaN, which falls through).
    if (first >= 49 && first <= 57 && last >= 48 && last <= 57) {
      const n = Number(value);
      if (Number.isFinite(n)) return n;
    }
  }
  return numberOf(value);
}

/** The nodes in display order (pre-order, children in order), without recursion. */
export function flattenMessageTree(roots: readonly MessageNode[]): MessageNode[] {
  const out: MessageNode[] = [];
  const stack: MessageNode[] = [];
  for (let i = roots.length - 1; i >= 0; i--) {
    const root = roots[i];
    if (root !== undefined) stack.push(root);
  }
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child !== undefined) stack.push(child);
    }
  }
  return out;
}
