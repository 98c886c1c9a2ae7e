import { describe, expect, it } from 'vitest';
import { buildMessageTree } from '../../../core/messages';
import type { ApiMessage } from '../../../core/feishu/types';
import { expandableNodes, visibleRows } from './visible-rows';

const item = (id: string, upper?: string, time = 0): ApiMessage => ({
  message_id: id,
  msg_type: 'text',
  create_time: String(1_700_000_000_000 + time),
  upper_message_id: upper,
  body: { content: '{"text":"x"}' },
});

describe('visibleRows', () => {
  const tree = buildMessageTree([item('root'), item('a', 'root', 1), item('b', 'root', 2), item('a1', 'a', 3), item('a1x', 'a1', 4)]);
  const ids = (rows: number[]) => rows.map((r) => tree.node(r).messageId);

  it('shows only the roots when nothing is expanded, everything when all is', () => {
    expect(ids(visibleRows(tree, new Set()))).toEqual(['root']);
    expect(ids(visibleRows(tree, expandableNodes(tree)))).toEqual(['root', 'a', 'a1', 'a1x', 'b']);
  });

  it('hides the children of a collapsed node even when they are expanded', () => {
    const expanded = expandableNodes(tree);
    expanded.delete(tree.byId.get('a')!);
    expect(ids(visibleRows(tree, expanded))).toEqual(['root', 'a', 'b']);
  });

  it('handles a 10,000-deep chain without recursion', () => {
    const chain = [item('n0')];
    for (let i = 1; i < 10_000; i += 1) chain.push(item(`n${i}`, `n${i - 1}`, i));
    const deep = buildMessageTree(chain);
    expect(visibleRows(deep, expandableNodes(deep))).toHaveLength(10_000);
  });
});
