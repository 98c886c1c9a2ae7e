/**
 * The desktop's application menu: the same shortcuts as the page, with the same accelerators.
 * A menu item replays its shortcut as a key press into the page, so the page's one keyboard
 * handler serves both and no extra IPC channel is needed.
 */

import type { MenuItemConstructorOptions } from 'electron';
import { SHORTCUTS, type Shortcut } from '../core/base/shortcuts';

export type KeyPress = { keyCode: string; modifiers: ('control' | 'meta' | 'alt' | 'shift')[] };

/** The key press that reproduces a shortcut on this platform. */
export function keyPressFor(shortcut: Shortcut, platform: NodeJS.Platform): KeyPress {
  const modifiers: KeyPress['modifiers'] = [];
  if (shortcut.mod) modifiers.push(platform === 'darwin' ? 'meta' : 'control');
  if (shortcut.alt) modifiers.push('alt');
  const keyCode = shortcut.key === 'ArrowLeft' ? 'Left' : shortcut.key === 'ArrowRight' ? 'Right' : shortcut.key;
  return { keyCode, modifiers };
}

const LABELS: Record<Shortcut['id'], string> = {
  focusLookup: 'Focus Lookup',
  findInJson: 'Find in JSON',
  export: 'Export Batch…',
  back: 'Back',
  forward: 'Forward',
  toggleView: 'Toggle Rendered / JSON',
  help: 'Keyboard Shortcuts',
};

export function menuTemplate(platform: NodeJS.Platform, press: (keyPress: KeyPress) => void): MenuItemConstructorOptions[] {
  const item = (id: Shortcut['id']): MenuItemConstructorOptions => {
    const shortcut = SHORTCUTS.find((s) => s.id === id)!;
    return { label: LABELS[id], accelerator: shortcut.accelerator, click: () => press(keyPressFor(shortcut, platform)) };
  };
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [item('export'), { type: 'separator' }, platform === 'darwin' ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [item('focusLookup'), item('findInJson'), item('toggleView'), { type: 'separator' }, item('back'), item('forward')],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [item('help')] },
  ];
}
