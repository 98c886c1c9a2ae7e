// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../i18n';
import { Dialog } from './Dialog';

describe('Dialog', () => {
  beforeEach(() => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
  });
  afterEach(() => {
    cleanup();
    localStorage.clear();
  });

  it('opens as a modal named by its title; Close and Escape both end in onClose', () => {
    const onClose = vi.fn();
    const showModal = vi.spyOn(HTMLDialogElement.prototype, 'showModal');
    render(
      <Dialog open onClose={onClose} titleId="t-title" title="Keyboard shortcuts" className="shortcuts-dialog" testId="sheet">
        <p>body</p>
      </Dialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' }) as HTMLDialogElement;
    expect(showModal).toHaveBeenCalledOnce();
    expect(dialog.open).toBe(true);
    expect(dialog.className).toBe('dialog shortcuts-dialog');
    expect(screen.getByText('body').parentElement?.className).toBe('dialog-body');

    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    // Escape closes a modal <dialog> in the browser, which fires its close event.
    dialog.close();
    expect(onClose).toHaveBeenCalledTimes(2);
    showModal.mockRestore();
  });

  it('closes when it is no longer open', () => {
    const onClose = vi.fn();
    const { rerender } = render(
      <Dialog open onClose={onClose} titleId="t-title" title="Profiles">
        <p>body</p>
      </Dialog>,
    );
    const dialog = screen.getByRole('dialog') as HTMLDialogElement;
    rerender(
      <Dialog open={false} onClose={onClose} titleId="t-title" title="Profiles">
        <p>body</p>
      </Dialog>,
    );
    expect(dialog.open).toBe(false);
    expect(onClose).toHaveBeenCalledOnce();
  });
});
