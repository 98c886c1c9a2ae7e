import { describe, expect, it } from 'vitest';
import type { ApiMessage } from '../feishu/types';
import { buildMessageTree, flattenMessageTree, type MessageNode } from './merge-forward';

function msg(id: string, upper?: string, createTime?: string | number, msgType = 'text'): ApiMessage {
  const item: ApiMessage = { message_id: id, msg_type: msgType, body: { content: JSON.stringify({ text: id }) } };
  if (upper !== undefined) item.upper_message_id = upper;
  if (createTime !== undefined) item.create_time = String(createTime);
  return item;
}

const ids = (nodes: readonly MessageNode[]): string[] => nodes.map((n) => n.messageId);

/** A small deterministic PRNG, so large tests are reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('buildMessageTree', () => {
  it('builds three and more levels from upper_message_id, the container first', () => {
    const items = [
      msg('om_root', undefined, 100, 'merge_forward'),
      msg('om_a', 'om_root', 1),
      msg('om_b', 'om_root', 2, 'merge_forward'),
      msg('om_b1', 'om_b', 3),
      msg('om_b2', 'om_b', 4, 'merge_forward'),
      msg('om_b2x', 'om_b2', 5),
    ];
    const tree = buildMessageTree(items);
    expect(ids(tree.roots)).toEqual(['om_root']);
    const root = tree.roots[0];
    expect(ids(root?.children ?? [])).toEqual(['om_a', 'om_b']);
    const b = tree.byId.get('om_b');
    expect(ids(b?.children ?? [])).toEqual(['om_b1', 'om_b2']);
    expect(tree.byId.get('om_b2x')?.depth).toBe(3);
    expect(tree.maxDepth).toBe(3);
    expect(tree.flags).toEqual({ cycle: [], missing_parent: [], duplicate_id: [] });
    expect(ids(flattenMessageTree(tree.roots))).toEqual(['om_root', 'om_a', 'om_b', 'om_b1', 'om_b2', 'om_b2x']);
    expect(tree.nodes.map((n) => n.item)).toEqual(items);
  });

  it('orders children by create_time, stable for equal times, missing times keep their place', () => {
    const tree = buildMessageTree([
      msg('om_root'),
      msg('om_late', 'om_root', '300'),
      msg('om_early', 'om_root', '100'),
      msg('om_same1', 'om_root', '200'),
      msg('om_same2', 'om_root', '200'),
      msg('om_untimed', 'om_root'),
      msg('om_bad', 'om_root', 'not a time'),
      msg('om_first', 'om_root', '50'),
    ]);
    expect(ids(tree.roots[0]?.children ?? [])).toEqual(['om_first', 'om_early', 'om_same1', 'om_same2', 'om_untimed', 'om_bad', 'om_late']);
  });

  it('reads times as decimal numbers only: hex and padded strings are not times', () => {
    const tree = buildMessageTree([
      msg('om_root'),
      msg('om_hex', 'om_root', '0x10'),
      msg('om_twelve', 'om_root', '12'),
      msg('om_ten', 'om_root', '1e1'),
      msg('om_padded', 'om_root', ' 11 '),
      msg('om_number', 'om_root', 5),
    ]);
    // '0x10' is no time and comes first (nothing before it); ' 11 ' is read as 11 (numberOf trims).
    expect(ids(tree.roots[0]?.children ?? [])).toEqual(['om_hex', 'om_number', 'om_ten', 'om_padded', 'om_twelve']);
  });

  it('keeps list order when no child has a time', () => {
    const tree = buildMessageTree([msg('om_root'), msg('om_3', 'om_root'), msg('om_1', 'om_root'), msg('om_2', 'om_root')]);
    expect(ids(tree.roots[0]?.children ?? [])).toEqual(['om_3', 'om_1', 'om_2']);
  });

  it('breaks a cycle, flags it, and re-attaches the loop under the container', () => {
    const tree = buildMessageTree([
      msg('om_root'),
      msg('om_a', 'om_c', 1),
      msg('om_b', 'om_a', 2),
      msg('om_c', 'om_b', 3),
      msg('om_ok', 'om_root', 4),
    ]);
    expect(ids(tree.flags.cycle)).toEqual(['om_a']);
    expect(tree.byId.get('om_a')?.flags).toEqual(['cycle']);
    expect(ids(tree.roots[0]?.children ?? [])).toEqual(['om_a', 'om_ok']);
    expect(ids(flattenMessageTree(tree.roots))).toEqual(['om_root', 'om_a', 'om_b', 'om_c', 'om_ok']);
    expect(tree.byId.get('om_c')?.depth).toBe(3);
  });

  it('breaks a self-loop', () => {
    const tree = buildMessageTree([msg('om_root'), msg('om_self', 'om_self')]);
    expect(ids(tree.flags.cycle)).toEqual(['om_self']);
    expect(ids(tree.roots[0]?.children ?? [])).toEqual(['om_self']);
  });

  it('flags a cycle through the container; the container stays the root, its sub-messages in place', () => {
    const tree = buildMessageTree([
      msg('om_root', 'om_c', 0),
      msg('om_a', 'om_root', 1),
      msg('om_b', 'om_root', 2),
      msg('om_c', 'om_a', 3),
    ]);
    expect(ids(tree.roots)).toEqual(['om_root']);
    expect(ids(tree.flags.cycle)).toEqual(['om_root']);
    expect(tree.roots[0]?.flags).toEqual(['cycle']);
    expect(ids(flattenMessageTree(tree.roots))).toEqual(['om_root', 'om_a', 'om_c', 'om_b']);
    expect(tree.byId.get('om_c')?.depth).toBe(2);
    expect(['om_a', 'om_b', 'om_c'].map((id) => tree.byId.get(id)?.flags)).toEqual([[], [], []]);
  });

  it('flags a container that names itself, or its only child, as its parent', () => {
    expect(buildMessageTree([msg('om_root', 'om_root'), msg('om_a', 'om_root')]).roots[0]?.flags).toEqual(['cycle']);
    expect(buildMessageTree([msg('om_root', 'om_child'), msg('om_child', 'om_root')]).roots[0]?.flags).toEqual(['cycle']);
    expect(buildMessageTree([msg('om_root', 'om_child'), msg('om_child', 'om_root')], { orphans: 'root' }).roots[0]?.flags).toEqual([
      'cycle',
    ]);
  });

  it('flags the container only when its link really comes back to it', () => {
    // Into a loop below it that does not pass the container: that loop is flagged, not the container.
    const intoLoop = buildMessageTree([msg('om_root', 'om_x'), msg('om_x', 'om_y'), msg('om_y', 'om_x'), msg('om_a', 'om_root')]);
    expect(ids(intoLoop.flags.cycle)).toEqual(['om_x']);
    // To a message whose parent is missing, re-attached under the container: no loop of links.
    const intoOrphan = buildMessageTree([msg('om_root', 'om_o'), msg('om_o', 'om_gone')]);
    expect(intoOrphan.flags.cycle).toEqual([]);
    expect(ids(intoOrphan.flags.missing_parent)).toEqual(['om_o']);
    // To another root of a list that is not one forward.
    const toOtherRoot = buildMessageTree([msg('om_root', 'om_other'), msg('om_other'), msg('om_kid', 'om_other')]);
    expect(toOtherRoot.flags.cycle).toEqual([]);
  });

  it('attaches sub-messages whose parent is missing under the container, flagged', () => {
    const tree = buildMessageTree([msg('om_root'), msg('om_orphan', 'om_gone', 1), msg('om_kid', 'om_orphan', 2)]);
    expect(ids(tree.flags.missing_parent)).toEqual(['om_orphan']);
    expect(ids(tree.roots[0]?.children ?? [])).toEqual(['om_orphan']);
    expect(tree.byId.get('om_kid')?.depth).toBe(2);
  });

  it('or as extra roots, with orphans: "root"', () => {
    const tree = buildMessageTree([msg('om_root'), msg('om_orphan', 'om_gone'), msg('om_loop1', 'om_loop2'), msg('om_loop2', 'om_loop1')], {
      orphans: 'root',
    });
    expect(ids(tree.roots)).toEqual(['om_root', 'om_orphan', 'om_loop1']);
    expect(tree.byId.get('om_orphan')?.flags).toEqual(['missing_parent']);
    expect(tree.byId.get('om_loop1')?.flags).toEqual(['cycle']);
  });

  it('items without upper_message_id after the first are extra roots, not flagged', () => {
    const tree = buildMessageTree([msg('om_1'), msg('om_2'), msg('om_3', 'om_1')]);
    expect(ids(tree.roots)).toEqual(['om_1', 'om_2']);
    expect(tree.flags.missing_parent).toEqual([]);
  });

  it('flags duplicate ids; links go to the first of them', () => {
    const tree = buildMessageTree([msg('om_root'), msg('om_dup', 'om_root', 1), msg('om_dup', 'om_root', 2), msg('om_kid', 'om_dup', 3)]);
    expect(tree.flags.duplicate_id).toHaveLength(1);
    expect(tree.nodes[2]?.flags).toEqual(['duplicate_id']);
    expect(tree.byId.get('om_dup')).toBe(tree.nodes[1]);
    expect(ids(tree.nodes[1]?.children ?? [])).toEqual(['om_kid']);
    expect(tree.roots[0]?.children).toHaveLength(2);
  });

  it('handles the seed example: one item whose upper_message_id is not in the list', () => {
    const tree = buildMessageTree([msg('om_dc13', 'om_40eb')]);
    expect(ids(tree.roots)).toEqual(['om_dc13']);
    expect(tree.roots[0]?.flags).toEqual([]);
  });

  it('handles an empty list and items without ids', () => {
    expect(buildMessageTree([])).toMatchObject({ roots: [], maxDepth: 0 });
    const tree = buildMessageTree([{ msg_type: 'merge_forward' }, { msg_type: 'text', upper_message_id: 'om_x' }]);
    expect(tree.roots).toHaveLength(1);
    expect(tree.roots[0]?.messageId).toBe('');
    expect(tree.roots[0]?.children).toHaveLength(1);
  });

  it('a 10,000-deep chain: no stack overflow, depths right, flatten in order', () => {
    const n = 10_000;
    const items: ApiMessage[] = [msg('om_0', undefined, 0)];
    for (let i = 1; i < n; i++) items.push(msg(`om_${i}`, `om_${i - 1}`, i));
    const tree = buildMessageTree(items);
    expect(tree.maxDepth).toBe(n - 1);
    expect(tree.byId.get(`om_${n - 1}`)?.depth).toBe(n - 1);
    expect(tree.byId.get(`om_${n - 1}`)?.parent?.messageId).toBe(`om_${n - 2}`);
    expect(tree.roots[0]?.parent).toBeUndefined();
    const flat = flattenMessageTree(tree.roots);
    expect(flat).toHaveLength(n);
    expect(flat[n - 1]?.messageId).toBe(`om_${n - 1}`);
  });

  it('a 10,000-deep chain closed through the container is flagged; one the container only points into ends the walk', () => {
    const n = 10_000;
    const chain: ApiMessage[] = [msg('om_0', `om_${n - 1}`)];
    for (let i = 1; i < n; i++) chain.push(msg(`om_${i}`, `om_${i - 1}`));
    const closed = buildMessageTree(chain);
    expect(ids(closed.flags.cycle)).toEqual(['om_0']);
    expect(closed.maxDepth).toBe(n - 1);
    const loop: ApiMessage[] = [msg('om_root', 'om_1')];
    for (let i = 1; i < n; i++) loop.push(msg(`om_${i}`, `om_${i === n - 1 ? 1 : i + 1}`));
    expect(ids(buildMessageTree(loop).flags.cycle)).toEqual(['om_1']);
  });

  it('a 10,000-deep chain listed backwards, closed into one big cycle', () => {
    const n = 10_000;
    const items: ApiMessage[] = [msg('om_root')];
    for (let i = 1; i < n; i++) items.push(msg(`om_${i}`, `om_${i === n - 1 ? 1 : i + 1}`));
    const tree = buildMessageTree(items);
    expect(ids(tree.flags.cycle)).toEqual(['om_1']);
    expect(tree.maxDepth).toBe(n - 1);
  });

  it('10,000 children of one container, ordered by time', () => {
    const n = 10_000;
    const next = random(42);
    const items: ApiMessage[] = [msg('om_root')];
    for (let i = 0; i < n; i++) items.push(msg(`om_${i}`, 'om_root', Math.floor(next() * 1_000_000)));
    const tree = buildMessageTree(items);
    const children = tree.roots[0]?.children ?? [];
    expect(children).toHaveLength(n);
    for (let i = 1; i < children.length; i++) {
      expect(Number(children[i - 1]?.item.create_time) <= Number(children[i]?.item.create_time)).toBe(true);
    }
  });

  it('100,000 items in a random forest with cycles and orphans: every item placed once, depths follow parents', () => {
    const n = 100_000;
    const next = random(7);
    const items: ApiMessage[] = [msg('om_0', undefined, 0)];
    for (let i = 1; i < n; i++) {
      const r = next();
      const upper = r < 0.01 ? 'om_missing' : r < 0.02 ? `om_${Math.floor(next() * n)}` : `om_${Math.floor(next() * i)}`;
      items.push(msg(`om_${i}`, upper, Math.floor(next() * 1e6)));
    }
    // Loops of 2 and 3, each with a message hanging under it, somewhere in the list.
    items.splice(5000, 0, msg('om_la', 'om_lb'), msg('om_lb', 'om_la'), msg('om_under_l', 'om_lb'));
    items.push(msg('om_ma', 'om_mc'), msg('om_mb', 'om_ma'), msg('om_mc', 'om_mb'), msg('om_under_m', 'om_mb'));
    const tree = buildMessageTree(items);
    expect(ids(tree.flags.cycle)).toEqual(['om_la', 'om_ma']);
    // Cut at om_ma (listed first of its loop): root → om_ma → om_mb → om_mc and om_under_m.
    expect(['om_ma', 'om_mb', 'om_mc', 'om_under_m'].map((id) => tree.byId.get(id)?.depth)).toEqual([1, 2, 3, 3]);
    const flat = flattenMessageTree(tree.roots);
    expect(flat).toHaveLength(items.length);
    expect(new Set(flat.map((node) => node.index)).size).toBe(items.length);
    expect(flat.every((node) => (node.parent ? node.depth === node.parent.depth + 1 : node.depth === 0))).toBe(true);
    expect(tree.flags.missing_parent.length).toBeGreaterThan(0);
  });
});
