import { useEffect, useState, type RefObject } from 'react';
import { shortcutFor, type Shortcut } from '../../../core/base/shortcuts';
import type { useLookupHistory } from '../lookup/navigation';

/**
 * The app's keys (core/base/shortcuts.ts), listened for on the whole window; `?` is left to
 * whoever is typing. Returns whether the shortcuts sheet is open, which `?` does.
 */
export function useKeyboardShortcuts(lookupInput: RefObject<HTMLInputElement | null>, history: ReturnType<typeof useLookupHistory>) {
  const [showShortcuts, setShowShortcuts] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      const typing = event.target instanceof HTMLElement && event.target.matches('input, textarea, select, [contenteditable]');
      if (shortcut.id === 'help' && typing) return;
      event.preventDefault();
      runShortcut(shortcut.id);
    };
    const runShortcut = (id: Shortcut['id']) => {
      const click = (selector: string) => document.querySelector<HTMLElement>(selector)?.click();
      switch (id) {
        case 'focusLookup':
          lookupInput.current?.focus();
          lookupInput.current?.select();
          break;
        case 'back':
          history.back();
          break;
        case 'forward':
          history.forward();
          break;
        case 'toggleView':
          click('.content-header [role=tab][aria-selected=false]');
          break;
        case 'findInJson':
          click('.content-header [role=tab]:nth-child(2)[aria-selected=false]');
          // The JSON view mounts on the next frame after switching.
          requestAnimationFrame(() => document.querySelector<HTMLInputElement>('.json-view .json-search')?.focus());
          break;
        case 'export':
          click('[data-testid=batch-export]');
          break;
        case 'help':
          setShowShortcuts(true);
          break;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [history, lookupInput]);
  return { showShortcuts, setShowShortcuts };
}
