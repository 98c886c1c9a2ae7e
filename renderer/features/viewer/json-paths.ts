/** Paths into a JSON value (`$.data.items[0].body`) and searching it, without recursion. */

export type PathKey = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function childPath(parent: string, key: PathKey): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

export const ROOT_PATH = '$';

/** Every ancestor path of `path`, root first (the path itself excluded). */
export function ancestorPaths(path: string): string[] {
  const out: string[] = [];
  const segment = /\.[A-Za-z_$][\w$]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g;
  let current = ROOT_PATH;
  for (const match of path.slice(ROOT_PATH.length).matchAll(segment)) {
    out.push(current);
    current += match[0];
  }
  return out;
}

/** Finds keys and primitive values containing `query` (case-insensitive), in document order. */
export function searchJson(value: unknown, query: string, limit = 1000): string[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const matches: string[] = [];
  const stack: { path: string; value: unknown; key: PathKey | null }[] = [{ path: ROOT_PATH, value, key: null }];
  while (stack.length > 0 && matches.length < limit) {
    const { path, value: node, key } = stack.pop()!;
    const keyMatches = typeof key === 'string' && key.toLowerCase().includes(needle);
    if (node !== null && typeof node === 'object') {
      if (keyMatches) matches.push(path);
      const entries: [PathKey, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node as object);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [k, v] = entries[i]!;
        stack.push({ path: childPath(path, k), value: v, key: k });
      }
    } else if (keyMatches || String(node).toLowerCase().includes(needle)) {
      matches.push(path);
    }
  }
  return matches;
}

/** The value at a path produced by childPath. */
export function valueAt(root: unknown, path: string): unknown {
  let node = root;
  const segment = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const match of path.slice(ROOT_PATH.length).matchAll(segment)) {
    const key = match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]!) as string));
    node = (node as Record<PathKey, unknown> | undefined)?.[key];
  }
  return node;
}

/** The key of `path`'s child on the way to `descendant`, or undefined when it is not below `path`. */
export function childKeyToward(path: string, descendant: string): PathKey | undefined {
  if (!descendant.startsWith(path) || descendant.length === path.length) return undefined;
  const match = /^(?:\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/.exec(descendant.slice(path.length));
  if (!match) return undefined;
  return match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]!) as string));
}
