import type { MessageNode, MessageTree } from '../../../core/messages';

/**
 * The rows a tree shows, as node indexes: a node's children appear only while it is expanded.
 * Iterative (depth is unbounded), and it makes node objects only for the parents it meets, so
 * a forward of 10,000 leaves costs one pass over integers.
 */
export function visibleRows(tree: MessageTree, expanded: ReadonlySet<MessageNode>): number[] {
  const rows: number[] = [];
  const stack: number[] = [];
  for (let i = tree.rootIndexes.length - 1; i >= 0; i -= 1) stack.push(tree.rootIndexes[i]!);
  while (stack.length > 0) {
    const index = stack.pop()!;
    rows.push(index);
    if (tree.childCountOf(index) === 0 || !expanded.has(tree.node(index))) continue;
    const children = tree.childIndexes(index);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
  return rows;
}

/** Every node with children: what "expand all" opens. */
export function expandableNodes(tree: MessageTree): Set<MessageNode> {
  const nodes = new Set<MessageNode>();
  for (let i = 0; i < tree.size; i += 1) if (tree.childCountOf(i) > 0) nodes.add(tree.node(i));
  return nodes;
}
