// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initI18n } from '../../i18n';
import { JsonView } from '../viewer/JsonView';
import { MessageFields } from '../viewer/MessageFields';
import { SettingsControls } from './SettingsControls';

// Noon UTC on 2 January 2024: the 2nd (or a day either side) in every time zone.
const CREATED = String(Date.UTC(2024, 0, 2, 12));

function App() {
  return (
    <>
      <SettingsControls />
      <JsonView value={{ ids: Array.from({ length: 12345 }, (_, i) => i) }} label="doc" defaultDepth={1} />
      <MessageFields item={{ message_id: 'om_x', create_time: CREATED }} onOpenMessage={() => undefined} />
    </>
  );
}

describe('switching the language in the settings', () => {
  beforeEach(() => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
  });
  afterEach(() => {
    cleanup();
    localStorage.clear();
  });

  it('reformats counts and dates at once, without a reload', () => {
    render(<App />);
    expect(screen.getByRole('button', { name: '12,345 items' })).toBeTruthy();
    expect(screen.getByTestId('message-fields').textContent).toMatch(/Jan [1-3], 2024/);

    fireEvent.change(screen.getByTestId('language-picker'), { target: { value: 'zh-CN' } });

    expect(screen.getByRole('button', { name: '12,345 项' })).toBeTruthy();
    const fields = screen.getByTestId('message-fields').textContent;
    expect(fields).toMatch(/2024年1月[1-3]日/);
    expect(fields).not.toMatch(/Jan/);
    expect(document.documentElement.lang).toBe('zh-CN');
  });
});
