/**
 * The tree of a merge-forward, from the flat `data.items` list: the container first, then every
 * sub-message (nested forwards flattened into the same list), each naming its parent with
 * `upper_message_id`.
 *
 * Everything is iterative (depth is unbounded; 10,000 levels must not touch the call stack) and
 * O(n log n): one pass to index ids, one to follow parent links with cycle detection, a sort per
 * sibling list, and one breadth-first pass for depths.
 */

import type { ApiMessage } from '../feishu/types';
import { numberOf, own, stringOf } from './values';

/**
 * `cycle`: the node's `upper_message_id` led round in a loop, so the link was ignored and the
 * node re-attached (it is the earliest listed member of that loop).
 * `missing_parent`: `upper_message_id` names a message that is not in the list.
 * `duplicate_id`: an earlier item has the same `message_id`; this one is kept as a node of its
 * own, but links by that id go to the first.
 */
export type MessageNodeFlag = 'cycle' | 'missing_parent' | 'duplicate_id';

export interface MessageNode {
  item: ApiMessage;
  /** `message_id`, or `''` when the item has none. */
  messageId: string;
  /** Ordered by `create_time` (see `buildMessageTree`). */
  children: MessageNode[];
  /** 0 for roots. */
  depth: number;
  flags: MessageNodeFlag[];
}

export interface MessageTree {
  /** The container first, then any item that names no parent (a list that is not one forward). */
  roots: MessageNode[];
  /** The flagged nodes, by flag, in list order. */
  flags: Record<MessageNodeFlag, MessageNode[]>;
  /** Nodes by `message_id` (the first item of each id). */
  byId: Map<string, MessageNode>;
  /** All nodes, in the order of `items`. */
  nodes: MessageNode[];
  maxDepth: number;
}

export interface BuildTreeOptions {
  /**
   * Where nodes go whose parent is missing or whose links loop: under the first item
   * (`container`, the default: they are sub-messages of this forward) or as extra `root`s.
   */
  orphans?: 'container' | 'root';
}

const NO_PARENT = -1;

/**
 * Builds the tree. The first item is always a root (it is the container, whatever its own
 * `upper_message_id` says). Siblings are ordered by `create_time`; an item without a readable
 * time keeps its place after the sibling listed before it, and equal times keep list order.
 */
export function buildMessageTree(items: readonly ApiMessage[], options: BuildTreeOptions = {}): MessageTree {
  const list: readonly unknown[] = Array.isArray(items) ? items : [];
  const count = list.length;
  const nodes: MessageNode[] = list.map((item) => ({
    item: item as ApiMessage,
    messageId: stringOf(own(item, 'message_id')) ?? '',
    children: [],
    depth: 0,
    flags: [],
  }));
  const flags: Record<MessageNodeFlag, MessageNode[]> = { cycle: [], missing_parent: [], duplicate_id: [] };
  const flag = (index: number, which: MessageNodeFlag): void => {
    const node = nodes[index];
    if (node === undefined || node.flags.includes(which)) return;
    node.flags.push(which);
    flags[which].push(node);
  };

  const indexById = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const id = nodes[i]?.messageId ?? '';
    if (id === '') continue;
    if (indexById.has(id)) flag(i, 'duplicate_id');
    else indexById.set(id, i);
  }

  const orphanParent = options.orphans === 'root' || count === 0 ? NO_PARENT : 0;
  const parent = new Int32Array(count).fill(NO_PARENT);
  for (let i = 1; i < count; i++) {
    const upper = stringOf(own(list[i], 'upper_message_id')) ?? '';
    if (upper === '') continue;
    const p = indexById.get(upper);
    if (p === undefined) {
      flag(i, 'missing_parent');
      parent[i] = orphanParent;
    } else if (p === i) {
      flag(i, 'cycle');
      parent[i] = orphanParent;
    } else {
      parent[i] = p;
    }
  }

  breakCycles(parent, orphanParent, (i) => flag(i, 'cycle'));

  const childIndexes: number[][] = Array.from({ length: count }, () => []);
  const rootIndexes: number[] = [];
  for (let i = 0; i < count; i++) {
    const p = parent[i] ?? NO_PARENT;
    if (p === NO_PARENT) rootIndexes.push(i);
    else childIndexes[p]?.push(i);
  }

  const times = nodes.map((node) => numberOf(own(node.item, 'create_time')));
  for (let i = 0; i < count; i++) {
    const siblings = childIndexes[i] ?? [];
    if (siblings.length > 1) sortByTime(siblings, times);
    const node = nodes[i];
    if (node === undefined) continue;
    for (const c of siblings) {
      const child = nodes[c];
      if (child !== undefined) node.children.push(child);
    }
  }

  const roots = rootIndexes.map((i) => nodes[i]).filter((n): n is MessageNode => n !== undefined);
  let maxDepth = 0;
  const queue: MessageNode[] = [...roots];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    if (node === undefined) continue;
    for (const child of node.children) {
      child.depth = node.depth + 1;
      if (child.depth > maxDepth) maxDepth = child.depth;
      queue.push(child);
    }
  }

  const byId = new Map<string, MessageNode>();
  for (const [id, i] of indexById) {
    const node = nodes[i];
    if (node !== undefined) byId.set(id, node);
  }
  return { roots, flags, byId, nodes, maxDepth };
}

/**
 * Follows parent links from every node, marking each walk with its own stamp; meeting the
 * current stamp again means a loop. The loop is cut at its earliest listed member, which is
 * re-attached to `orphanParent` (the container is a forced root, so never inside a loop).
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

/** Sorts sibling indexes by time; a sibling without a time takes the time of the one listed before it. */
function sortByTime(siblings: number[], times: readonly (number | undefined)[]): void {
  let last = Number.NEGATIVE_INFINITY;
  const keyed = siblings.map((index) => {
    const time = times[index];
    if (time !== undefined) last = time;
    return { index, time: time ?? last };
  });
  keyed.sort((a, b) => a.time - b.time || a.index - b.index);
  for (let i = 0; i < keyed.length; i++) siblings[i] = keyed[i]?.index ?? 0;
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
