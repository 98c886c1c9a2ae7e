import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton';
import { SearchBox } from '../../components/SearchBox';
import { ancestorPaths, childKeyToward, childPath, ROOT_PATH, searchJson, valueAt, type PathKey } from './json-paths';

/** Children shown before "show more": keeps a 5 MB document as light as a small one. */
const CHILDREN_PAGE = 100;
/** Strings longer than this are cut until asked for. */
const LONG_STRING = 2000;

type Mode = 'default' | 'all' | 'none';

interface JsonViewProps {
  value: unknown;
  label: string;
  /** Levels open at first; deeper containers start collapsed. */
  defaultDepth?: number;
  testId?: string;
}

interface TreeState {
  mode: Mode;
  defaultDepth: number;
  /** Containers the user opened or closed, by path: they win over the mode. */
  overrides: Map<string, boolean>;
  toggle: (path: string, open: boolean) => void;
  selected: string | null;
  select: (path: string) => void;
  current: string | null;
  matches: ReadonlySet<string>;
}

/**
 * Pretty-printed JSON with syntax colours: collapsible containers, expand/collapse all, search
 * (Ctrl/Cmd+F inside the view), copy the whole document, copy a selected value or its path.
 * Large arrays and objects open a page of children at a time, long strings are cut, so large
 * documents stay responsive.
 */
export function JsonView({ value, label, defaultDepth = 3, testId }: JsonViewProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('default');
  const [overrides, setOverrides] = useState(() => new Map<string, boolean>());
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [matchIndex, setMatchIndex] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const text = useMemo(() => JSON.stringify(value, null, 2) ?? String(value), [value]);
  const matches = useMemo(() => searchJson(value, query), [value, query]);
  const current = matches.length ? matches[Math.min(matchIndex, matches.length - 1)]! : null;

  const reveal = (path: string) =>
    setOverrides((prev) => {
      const next = new Map(prev);
      for (const ancestor of ancestorPaths(path)) next.set(ancestor, true);
      return next;
    });

  useEffect(() => {
    if (!current) return;
    body.current?.querySelector(`[data-path="${CSS.escape(current)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current, overrides]);

  const goToMatch = (delta: number) => {
    if (!matches.length) return;
    const index = (matchIndex + delta + matches.length) % matches.length;
    setMatchIndex(index);
    reveal(matches[index]!);
  };

  const state: TreeState = {
    mode,
    defaultDepth,
    overrides,
    toggle: (path, open) => setOverrides((prev) => new Map(prev).set(path, open)),
    selected,
    select: setSelected,
    current,
    matches: new Set(matches),
  };
  const selectedValue = selected === null ? undefined : valueAt(value, selected);

  return (
    <section
      className="json-view"
      aria-label={label}
      data-testid={testId}
      onKeyDown={(event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
          event.preventDefault();
          event.stopPropagation();
          search.current?.focus();
          search.current?.select();
        }
      }}
    >
      <header className="json-toolbar">
        <h3>{label}</h3>
        <div className="toolbar-actions">
          <SearchBox
            ref={search}
            className="json-search"
            label={t('json.search')}
            value={query}
            onChange={(next) => {
              setQuery(next);
              setMatchIndex(0);
              const first = searchJson(value, next, 1)[0];
              if (first) reveal(first);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                goToMatch(event.shiftKey ? -1 : 1);
              }
            }}
          />
          {query && (
            <span className="muted small" aria-live="polite">
              {matches.length
                ? t('json.matchOf', { n: Math.min(matchIndex, matches.length - 1) + 1, count: matches.length })
                : t('json.noMatch')}
            </span>
          )}
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setMode('all');
              setOverrides(new Map());
            }}
          >
            {t('json.expandAll')}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setMode('none');
              setOverrides(new Map());
            }}
          >
            {t('json.collapseAll')}
          </button>
          <CopyButton text={text} label={t('json.copy')} />
        </div>
      </header>
      {selected !== null && (
        <div className="json-selection">
          <code className="json-selected-path">{selected}</code>
          <CopyButton text={selected} label={t('json.copyPath')} />
          <CopyButton
            text={typeof selectedValue === 'string' ? selectedValue : (JSON.stringify(selectedValue, null, 2) ?? '')}
            label={t('json.copyValue')}
          />
        </div>
      )}
      <div ref={body} className="json-body" role="tree" aria-label={label}>
        <JsonNode name={null} path={ROOT_PATH} value={value} depth={0} state={state} last />
      </div>
    </section>
  );
}

interface NodeProps {
  name: PathKey | null;
  path: string;
  value: unknown;
  depth: number;
  state: TreeState;
  last: boolean;
}

function isOpen(state: TreeState, path: string, depth: number): boolean {
  const override = state.overrides.get(path);
  if (override !== undefined) return override;
  if (state.mode === 'all') return true;
  if (state.mode === 'none') return depth === 0;
  return depth < state.defaultDepth;
}

function JsonNode({ name, path, value, depth, state, last }: NodeProps) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const isContainer = value !== null && typeof value === 'object';
  const open = isContainer && isOpen(state, path, depth);
  const comma = last ? null : <span className="json-punct">,</span>;
  const lineClass = `json-line ${state.selected === path ? 'json-selected' : ''} ${state.current === path ? 'json-current' : state.matches.has(path) ? 'json-match' : ''}`;
  const keyPart =
    typeof name === 'string' ? (
      <>
        <span className="json-key">{JSON.stringify(name)}</span>
        <span className="json-punct">: </span>
      </>
    ) : null;
  const selectLine = () => state.select(path);

  if (!isContainer) {
    return (
      <div className={lineClass} role="treeitem" aria-selected={state.selected === path} data-path={path} onClick={selectLine}>
        {keyPart}
        <Primitive value={value} />
        {comma}
      </div>
    );
  }

  const entries: [PathKey, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as object);
  const [openBracket, closeBracket] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const summary = Array.isArray(value) ? t('json.items', { count: entries.length }) : t('json.keys', { count: entries.length });

  if (entries.length === 0) {
    return (
      <div className={lineClass} role="treeitem" aria-selected={state.selected === path} data-path={path} onClick={selectLine}>
        {keyPart}
        <span className="json-punct">
          {openBracket}
          {closeBracket}
        </span>
        {comma}
      </div>
    );
  }

  // A search match past the page is shown too, in a small window of its own, not by drawing
  // every row before it.
  const toward = state.current === null ? undefined : childKeyToward(path, state.current);
  const towardIndex = toward === undefined ? -1 : typeof toward === 'number' ? toward : entries.findIndex(([key]) => key === toward);
  const pageEnd = Math.min(entries.length, Math.max(shown, CHILDREN_PAGE));
  const windowStart = towardIndex >= pageEnd ? Math.max(pageEnd, towardIndex - 5) : -1;
  const windowEnd = windowStart >= 0 ? Math.min(entries.length, towardIndex + 6) : -1;
  const renderChild = (index: number) => {
    const [key, child] = entries[index]!;
    return (
      <JsonNode
        key={key}
        name={key}
        path={childPath(path, key)}
        value={child}
        depth={depth + 1}
        state={state}
        last={index === entries.length - 1}
      />
    );
  };
  const moreButton = (from: number) => (
    <button type="button" className="json-more" onClick={() => setShown(from + CHILDREN_PAGE * 10)}>
      {t('json.showMore', { shown: from, count: entries.length })}
    </button>
  );

  return (
    <div className="json-container" role="treeitem" aria-expanded={open} aria-selected={state.selected === path}>
      <div className={lineClass} data-path={path} onClick={selectLine}>
        <button
          type="button"
          className="json-toggle"
          aria-label={t('json.toggle', { name: name === null ? 'root' : String(name) })}
          aria-expanded={open}
          onClick={(event) => {
            event.stopPropagation();
            state.toggle(path, !open);
          }}
        >
          {open ? '▾' : '▸'}
        </button>
        {keyPart}
        <span className="json-punct">{openBracket}</span>
        {!open && (
          <>
            <button
              type="button"
              className="json-summary"
              onClick={(event) => {
                event.stopPropagation();
                state.toggle(path, true);
              }}
            >
              {summary}
            </button>
            <span className="json-punct">{closeBracket}</span>
            {comma}
          </>
        )}
      </div>
      {open && (
        <>
          <div className="json-children" role="group">
            {Array.from({ length: pageEnd }, (_, index) => renderChild(index))}
            {pageEnd < entries.length && moreButton(pageEnd)}
            {windowStart >= 0 && (
              <>
                {Array.from({ length: windowEnd - windowStart }, (_, i) => renderChild(windowStart + i))}
                {windowEnd < entries.length && <span className="muted small">…</span>}
              </>
            )}
          </div>
          <div className="json-line">
            <span className="json-punct">{closeBracket}</span>
            {comma}
          </div>
        </>
      )}
    </div>
  );
}

function Primitive({ value }: { value: unknown }): ReactNode {
  const { t } = useTranslation();
  const [full, setFull] = useState(false);
  if (value === null) return <span className="json-null">null</span>;
  switch (typeof value) {
    case 'string': {
      const text = JSON.stringify(value);
      if (text.length <= LONG_STRING || full) return <span className="json-string">{text}</span>;
      return (
        <>
          <span className="json-string">{text.slice(0, LONG_STRING)}…</span>
          <button type="button" className="json-more" onClick={() => setFull(true)}>
            {t('json.showAllChars', { count: text.length })}
          </button>
        </>
      );
    }
    case 'number':
      return <span className="json-number">{String(value)}</span>;
    case 'boolean':
      return <span className="json-boolean">{String(value)}</span>;
    default:
      return <span className="json-null">{String(value)}</span>;
  }
}
