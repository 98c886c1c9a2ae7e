import { Window } from 'happy-dom';
import MarkdownIt from 'markdown-it';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { CODE_TEXTS, HOSTILE_FORWARD, HOSTILE_ITEMS, inertnessProblems } from '../core/testing/hostile-markdown';
import { renderSavedFile } from './render';

describe('inspector render --format markdown', () => {
  const saved = JSON.stringify({ code: 0, msg: 'success', data: { items: [...HOSTILE_FORWARD, ...HOSTILE_ITEMS] } });

  it.each([
    ['marked', (markdown: string) => marked.parse(markdown, { async: false })],
    ['markdown-it', (markdown: string) => new MarkdownIt({ html: true }).render(markdown)],
  ])('stays inert when %s renders it, headings and code blocks included', (_name, render) => {
    const result = renderSavedFile(saved, 'markdown');
    if (!result.ok) throw new Error(result.error);
    const html = render(result.output);
    expect(html).not.toMatch(/<script/i);
    const doc = new new Window().DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html') as unknown as Document;
    expect(inertnessProblems(doc.body)).toEqual([]);
    const codes = Array.from(doc.querySelectorAll('pre > code'), (code) => code.textContent ?? '');
    for (const text of CODE_TEXTS) expect(codes.some((code) => code.includes(text.replace(/\r\n?/g, '\n')))).toBe(true);
  });
});
