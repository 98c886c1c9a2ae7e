import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { decodeMessage, messagePreview, senderName, type MessageNode, type MessageTree } from '../../../core/messages';
import { langOf } from '../../i18n';
import { expandableNodes, visibleRows } from './visible-rows';
import { formatDateTime, formatNumber } from '../../i18n/format';

const ROW_HEIGHT = 30;

interface Props {
  tree: MessageTree;
  selected: MessageNode;
  onSelect: (node: MessageNode) => void;
}

/**
 * A merge-forward as an expandable tree. Only the rows on screen are rendered (and only theirs
 * are decoded for the preview), so 10,000 sub-messages open as fast as 100.
 */
export function ForwardTree({ tree, selected, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const [expanded, setExpanded] = useState<Set<MessageNode>>(() => new Set(tree.roots.filter((r) => r.childCount > 0)));
  const [focused, setFocused] = useState<MessageNode>(selected);
  const rows = useMemo(() => visibleRows(tree, expanded), [tree, expanded]);
  const language = langOf(i18n);
  // Previews carry labels in the UI's language: a switch of language starts a new cache.
  const previews = useRef({ language, byNode: new Map<MessageNode, string>() });
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- this build has no React Compiler; TanStack Virtual is used as documented
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const preview = (node: MessageNode) => {
    if (previews.current.language !== language) previews.current = { language, byNode: new Map() };
    let text = previews.current.byNode.get(node);
    if (text === undefined) {
      text = messagePreview(decodeMessage(node.item), language);
      previews.current.byNode.set(node, text);
    }
    return text;
  };

  const toggle = (node: MessageNode, open?: boolean) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (open ?? !next.has(node)) next.add(node);
      else next.delete(node);
      return next;
    });

  const focusRow = (node: MessageNode) => {
    setFocused(node);
    const index = rows.indexOf(node.index);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const index = rows.indexOf(focused.index);
    const move = (to: number) => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, to))];
      if (target !== undefined) focusRow(tree.node(target));
    };
    switch (event.key) {
      case 'ArrowDown':
        move(index + 1);
        break;
      case 'ArrowUp':
        move(index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'ArrowRight':
        if (focused.childCount === 0) return;
        if (!expanded.has(focused)) toggle(focused, true);
        else focusRow(focused.children[0]!);
        break;
      case 'ArrowLeft':
        if (expanded.has(focused)) toggle(focused, false);
        else {
          if (focused.parent) focusRow(focused.parent);
        }
        break;
      case 'Enter':
      case ' ':
        onSelect(focused);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <section className="panel forward-tree" aria-labelledby="tree-heading" data-testid="forward-tree">
      <header className="tree-header">
        <h2 id="tree-heading">
          {t('tree.heading', { count: tree.size - tree.roots.length, levels: t('tree.levels', { count: tree.maxDepth }) })}
        </h2>
        <div className="toolbar-actions">
          <button type="button" className="button button-small" onClick={() => setExpanded(expandableNodes(tree))}>
            {t('json.expandAll')}
          </button>
          <button type="button" className="button button-small" onClick={() => setExpanded(new Set())}>
            {t('json.collapseAll')}
          </button>
        </div>
      </header>
      {(tree.flags.cycle.length > 0 || tree.flags.missing_parent.length > 0) && (
        <p className="notice small" data-testid="tree-flags">
          {t('tree.flagged', { cycles: tree.flags.cycle.length, missing: tree.flags.missing_parent.length })}
        </p>
      )}
      <div
        ref={scroller}
        className="tree-scroller"
        // Its rows plus the top border; the stylesheet caps it.
        style={{ '--tree-rows-height': `${rows.length * ROW_HEIGHT + 1}px` } as CSSProperties}
        role="tree"
        aria-label={t('tree.label')}
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={rows.includes(focused.index) ? rowId(focused) : undefined}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((virtual) => {
            const node = tree.node(rows[virtual.index]!);
            const hasChildren = node.childCount > 0;
            const time = Number(node.item.create_time);
            // with_sender_name is the only source of a sub-message sender's name.
            const name = senderName(node.item, language);
            return (
              <div
                key={virtual.key}
                id={rowId(node)}
                role="treeitem"
                aria-level={node.depth + 1}
                aria-expanded={hasChildren ? expanded.has(node) : undefined}
                aria-selected={node === selected}
                className={`tree-row ${node === selected ? 'selected' : ''} ${node === focused ? 'focused' : ''}`}
                style={{ transform: `translateY(${virtual.start}px)`, height: ROW_HEIGHT, paddingLeft: 8 + node.depth * 18 }}
                onClick={() => {
                  setFocused(node);
                  onSelect(node);
                }}
                data-message-id={node.messageId}
              >
                <button
                  type="button"
                  tabIndex={-1}
                  className="tree-toggle"
                  aria-hidden={!hasChildren}
                  style={{ visibility: hasChildren ? 'visible' : 'hidden' }}
                  onClick={(event) => {
                    event.stopPropagation();
                    toggle(node);
                  }}
                >
                  {expanded.has(node) ? '▾' : '▸'}
                </button>
                <span className="badge">{node.item.msg_type ?? '?'}</span>
                {name && <span className="tree-sender-name">{name}</span>}
                <span className="tree-sender mono">{node.item.sender?.id ?? '—'}</span>
                <span className="tree-time muted">
                  {Number.isFinite(time) && time > 0 ? formatDateTime(time, i18n.language, 'short') : ''}
                </span>
                <span className="tree-preview">{preview(node)}</span>
                {node.flags.map((flag) => (
                  <span key={flag} className="badge badge-warn">
                    {t(`tree.flag.${flag}`)}
                  </span>
                ))}
                {hasChildren && <span className="muted small">({formatNumber(node.childCount, i18n.language)})</span>}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function rowId(node: MessageNode): string {
  return `tree-row-${node.messageId || 'anon'}-${node.depth}`;
}
