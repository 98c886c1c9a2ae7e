import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton';

type ExpandCommand = { mode: 'default' | 'all' | 'none'; generation: number };

interface JsonViewProps {
  value: unknown;
  label: string;
  /** Levels open at first; deeper containers start collapsed. */
  defaultDepth?: number;
  testId?: string;
}

/** Pretty-printed JSON with syntax colours, collapsible containers, expand/collapse all and copy. */
export function JsonView({ value, label, defaultDepth = 3, testId }: JsonViewProps) {
  const { t } = useTranslation();
  const [command, setCommand] = useState<ExpandCommand>({ mode: 'default', generation: 0 });
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return (
    <section className="json-view" aria-label={label} data-testid={testId}>
      <header className="json-toolbar">
        <h3>{label}</h3>
        <div className="toolbar-actions">
          <button
            type="button"
            className="button button-small"
            onClick={() => setCommand((c) => ({ mode: 'all', generation: c.generation + 1 }))}
          >
            {t('json.expandAll')}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => setCommand((c) => ({ mode: 'none', generation: c.generation + 1 }))}
          >
            {t('json.collapseAll')}
          </button>
          <CopyButton text={text} label={t('json.copy')} />
        </div>
      </header>
      <div className="json-body" role="tree" aria-label={label}>
        <JsonNode key={command.generation} name={null} value={value} depth={0} defaultDepth={defaultDepth} command={command} last />
      </div>
    </section>
  );
}

interface NodeProps {
  name: string | number | null;
  value: unknown;
  depth: number;
  defaultDepth: number;
  command: ExpandCommand;
  last: boolean;
}

function JsonNode({ name, value, depth, defaultDepth, command, last }: NodeProps) {
  const { t } = useTranslation();
  const isContainer = value !== null && typeof value === 'object';
  const initiallyOpen = command.mode === 'all' ? true : command.mode === 'none' ? depth === 0 : depth < defaultDepth;
  const [open, setOpen] = useState(initiallyOpen);
  const comma = last ? null : <span className="json-punct">,</span>;
  const keyPart =
    name === null ? null : typeof name === 'number' ? null : (
      <>
        <span className="json-key">{JSON.stringify(name)}</span>
        <span className="json-punct">: </span>
      </>
    );

  if (!isContainer) {
    return (
      <div className="json-line" role="treeitem" aria-selected={false}>
        {keyPart}
        <Primitive value={value} />
        {comma}
      </div>
    );
  }

  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as object);
  const [openBracket, closeBracket] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const summary = Array.isArray(value) ? t('json.items', { count: entries.length }) : t('json.keys', { count: entries.length });
  const nodeName = name === null ? 'root' : String(name);

  if (entries.length === 0) {
    return (
      <div className="json-line" role="treeitem" aria-selected={false}>
        {keyPart}
        <span className="json-punct">
          {openBracket}
          {closeBracket}
        </span>
        {comma}
      </div>
    );
  }

  return (
    <div className="json-container" role="treeitem" aria-expanded={open} aria-selected={false}>
      <div className="json-line">
        <button
          type="button"
          className="json-toggle"
          aria-label={t('json.toggle', { name: nodeName })}
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? '▾' : '▸'}
        </button>
        {keyPart}
        <span className="json-punct">{openBracket}</span>
        {!open && (
          <>
            <button type="button" className="json-summary" onClick={() => setOpen(true)}>
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
            {entries.map(([key, child], index) => (
              <JsonNode
                key={key}
                name={key}
                value={child}
                depth={depth + 1}
                defaultDepth={defaultDepth}
                command={command}
                last={index === entries.length - 1}
              />
            ))}
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
  if (value === null) return <span className="json-null">null</span>;
  switch (typeof value) {
    case 'string':
      return <span className="json-string">{JSON.stringify(value)}</span>;
    case 'number':
      return <span className="json-number">{String(value)}</span>;
    case 'boolean':
      return <span className="json-boolean">{String(value)}</span>;
    default:
      return <span className="json-null">{String(value)}</span>;
  }
}
