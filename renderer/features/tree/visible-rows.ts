import type { MessageNode } from '../../../core/messages';

/** The rows a tree shows: a node's children appear only while it is expanded. Iterative: depth is unbounded. */
export function visibleRows(roots: readonly MessageNode[], expanded: ReadonlySet<MessageNode>): MessageNode[] {
  const rows: MessageNode[] = [];
  const stack: MessageNode[] = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    rows.push(node);
    if (expanded.has(node)) for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
  }
  return rows;
}

/** Every node with children: what "expand all" opens. */
export function expandableNodes(nodes: readonly MessageNode[]): Set<MessageNode> {
  return new Set(nodes.filter((node) => node.children.length > 0));
}

/** The parent of each node, for "go to parent" with the Left key. */
export function parentIndex(nodes: readonly MessageNode[]): Map<MessageNode, MessageNode> {
  const parents = new Map<MessageNode, MessageNode>();
  for (const node of nodes) for (const child of node.children) parents.set(child, node);
  return parents;
}
