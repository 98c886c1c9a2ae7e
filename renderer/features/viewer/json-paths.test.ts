import { describe, expect, it } from 'vitest';
import { ancestorPaths, childKeyToward, childPath, searchJson, valueAt } from './json-paths';

const doc = { code: 0, data: { items: [{ 'body-x': { content: 'Hello World' } }, { msg_type: 'text' }] } };

describe('json paths', () => {
  it('builds paths with dots for identifiers and brackets otherwise, and reads them back', () => {
    const path = childPath(childPath(childPath(childPath('$', 'data'), 'items'), 0), 'body-x');
    expect(path).toBe('$.data.items[0]["body-x"]');
    expect(valueAt(doc, path)).toEqual({ content: 'Hello World' });
    expect(ancestorPaths(`${path}.content`)).toEqual(['$', '$.data', '$.data.items', '$.data.items[0]', '$.data.items[0]["body-x"]']);
  });

  it('finds keys and values case-insensitively in document order', () => {
    expect(searchJson(doc, 'world')).toEqual(['$.data.items[0]["body-x"].content']);
    expect(searchJson(doc, 'MSG_TYPE')).toEqual(['$.data.items[1].msg_type']);
    expect(searchJson(doc, 'items')).toEqual(['$.data.items']);
    expect(searchJson(doc, '   ')).toEqual([]);
  });

  it('searches a deep document without recursion and stops at the limit', () => {
    let deep: unknown = 'needle';
    for (let i = 0; i < 20_000; i += 1) deep = [deep];
    expect(searchJson(deep, 'needle')).toHaveLength(1);
    expect(
      searchJson(
        Array.from({ length: 5000 }, () => 'needle'),
        'needle',
        10,
      ),
    ).toHaveLength(10);
  });
});

describe('childKeyToward', () => {
  it("names the path's child on the way to a descendant", () => {
    expect(childKeyToward('$.a', '$.a[12].b')).toBe(12);
    expect(childKeyToward('$.a', '$.a.b.c')).toBe('b');
    expect(childKeyToward('$.a', '$.a["x-y"]')).toBe('x-y');
    expect(childKeyToward('$.a', '$.ab')).toBeUndefined();
    expect(childKeyToward('$.a', '$.a')).toBeUndefined();
  });
});
