import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor } from '../core/base/shortcuts';
import { keyPressFor, menuTemplate, type KeyPress } from './menu';

describe('application menu', () => {
  it('offers every shortcut of the page with the same accelerator', () => {
    const accelerators = JSON.stringify(menuTemplate('linux', () => undefined));
    for (const shortcut of SHORTCUTS) expect(accelerators).toContain(`"accelerator":"${shortcut.accelerator}"`);
  });

  it.each(['linux', 'darwin', 'win32'] as const)('replays a key press that the page reads as the same shortcut on %s', (platform) => {
    for (const shortcut of SHORTCUTS.filter((s) => s.id !== 'help')) {
      const press = keyPressFor(shortcut, platform);
      const key = press.keyCode === 'Left' ? 'ArrowLeft' : press.keyCode === 'Right' ? 'ArrowRight' : press.keyCode;
      const event = {
        key,
        ctrlKey: press.modifiers.includes('control'),
        metaKey: press.modifiers.includes('meta'),
        altKey: press.modifiers.includes('alt'),
      };
      expect(shortcutFor(event)?.id).toBe(shortcut.id);
    }
  });

  it('clicking a menu item presses its keys', () => {
    const pressed: KeyPress[] = [];
    const template = menuTemplate('linux', (p) => pressed.push(p));
    const view = template.find((m) => m.label === 'View')!;
    const focus = (view.submenu as { label?: string; click?: () => void }[]).find((i) => i.label === 'Focus Lookup')!;
    focus.click!();
    expect(pressed).toEqual([{ keyCode: 'l', modifiers: ['control'] }]);
  });
});
