/**
 * The keyboard shortcuts, one list for the handler, the shortcuts sheet and the desktop menu.
 * `key` is KeyboardEvent.key (lower case for letters); `mod` means Ctrl, or Cmd on macOS.
 */
export interface Shortcut {
  id: 'focusLookup' | 'findInJson' | 'export' | 'back' | 'forward' | 'toggleView' | 'help';
  key: string;
  mod?: boolean;
  alt?: boolean;
  /** How the sheet and the menu show it. */
  label: string;
}

export const SHORTCUTS: readonly (Shortcut & { accelerator: string })[] = [
  { id: 'focusLookup', key: 'l', mod: true, label: 'Ctrl/⌘ L', accelerator: 'CmdOrCtrl+L' },
  { id: 'findInJson', key: 'f', mod: true, label: 'Ctrl/⌘ F', accelerator: 'CmdOrCtrl+F' },
  { id: 'export', key: 's', mod: true, label: 'Ctrl/⌘ S', accelerator: 'CmdOrCtrl+S' },
  { id: 'back', key: 'ArrowLeft', alt: true, label: 'Alt ←', accelerator: 'Alt+Left' },
  { id: 'forward', key: 'ArrowRight', alt: true, label: 'Alt →', accelerator: 'Alt+Right' },
  { id: 'toggleView', key: 'j', mod: true, label: 'Ctrl/⌘ J', accelerator: 'CmdOrCtrl+J' },
  { id: 'help', key: '?', label: '?', accelerator: 'Shift+/' },
];

/** The key fields of a keyboard event (KeyboardEvent in the page; tests pass plain objects). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export function shortcutFor(event: KeyLike): Shortcut | undefined {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return SHORTCUTS.find((s) => s.key === key && Boolean(s.mod) === mod && Boolean(s.alt) === event.altKey);
}
