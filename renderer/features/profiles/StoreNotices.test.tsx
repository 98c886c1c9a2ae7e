// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreNotice } from '../../../core/api/contract';
import { initI18n, setLanguage } from '../../i18n';
import { StoreNotices } from './StoreNotices';

const notices: StoreNotice[] = [
  {
    kind: 'entries_set_aside',
    file: 'settings',
    path: '/home/u/.config/inspector/settings.json',
    aside: '/home/u/.config/inspector/settings.json.unreadable-1234',
    details: ['profiles[1] ("Typo") dropped: domain: domain must be feishu, lark or custom'],
  },
  {
    kind: 'file_unreadable',
    file: 'history',
    path: '/home/u/.config/inspector/history.json',
    aside: '/home/u/.config/inspector/history.json.unreadable-1234',
  },
];

describe('StoreNotices', () => {
  afterEach(() => {
    cleanup();
    localStorage.clear();
  });

  it('says what was set aside and where, until dismissed', () => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
    const { container } = render(<StoreNotices notices={notices} />);
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toContain('settings.json has entries that could not be read; they are left out:');
    expect(banner.textContent).toContain('profiles[1] ("Typo") dropped: domain');
    expect(banner.textContent).toContain('byte for byte, at /home/u/.config/inspector/settings.json.unreadable-1234.');
    expect(banner.textContent).toContain('history.json is not valid JSON, so it was read as empty.');
    expect(banner.textContent).toContain('Correct /home/u/.config/inspector/history.json before you change anything here');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(container.textContent).toBe('');
  });

  it('says it in Chinese', () => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
    setLanguage('zh-CN');
    render(<StoreNotices notices={notices} />);
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toContain('settings.json 中有无法读取的条目，已略过：');
    expect(banner.textContent).toContain('原文件已逐字节完整保留在 /home/u/.config/inspector/settings.json.unreadable-1234。');
    expect(screen.getByRole('button', { name: '关闭' })).toBeTruthy();
  });

  it('shows nothing when there is nothing to say', () => {
    const { container } = render(<StoreNotices notices={[]} />);
    expect(container.textContent).toBe('');
  });
});
