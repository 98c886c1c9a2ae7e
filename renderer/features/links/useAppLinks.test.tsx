// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProfilesState, ProfileSummary } from '../../../core/api/contract';
import { ToastProvider } from '../../components/Toasts';
import { initI18n, setLanguage } from '../../i18n';
import { useLookupSession } from '../lookup/useLookupSession';
import { AppLinkNotice } from './AppLinkNotice';
import { useAppLinks } from './useAppLinks';

const MESSAGE = 'om_dc13264520392913993dd051dba21dcf';
const CHAT = 'oc_5ad11d72b830411d72b836c20';

const profile = (profileId: string, name: string): ProfileSummary =>
  ({ profileId, name, builtIn: profileId === 'sandbox', appId: 'cli_x', domain: 'feishu' }) as ProfileSummary;
let state: ProfilesState;
const setActiveProfile = vi.fn(async (profileId: string) => {
  state = { ...state, activeProfileId: profileId };
});
vi.mock('../../api', () => ({
  api: {
    getProfilesState: async () => state,
    setActiveProfile: (profileId: string) => setActiveProfile(profileId),
  },
}));

/** The main screen's part in it: the session the lookup box uses, the links, their notice. */
function Screen() {
  const session = useLookupSession();
  const links = useAppLinks(session);
  return (
    <>
      {links.notice && (
        <AppLinkNotice
          notice={links.notice}
          onOpenWithActiveProfile={links.openWithActiveProfile}
          onOpenWithLinkProfile={links.openWithLinkProfile}
          onDismiss={links.dismiss}
        />
      )}
      <output data-testid="lookup">
        {session.lookup?.conversation
          ? `${session.lookup.conversation.target.kind} ${session.lookup.conversation.target.id} with ${session.lookup.conversation.profileId}`
          : session.lookup
            ? `${session.lookup.text} → ${session.lookup.selected} with ${session.profileId}`
            : ''}
      </output>
    </>
  );
}

function renderAt(url: string) {
  window.history.replaceState(null, '', url);
  const client = new QueryClient();
  return render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <Screen />
      </ToastProvider>
    </QueryClientProvider>,
  );
}

const lookup = () => screen.getByTestId('lookup').textContent;

describe('links into the app, in the page', () => {
  beforeEach(() => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
    state = {
      profiles: [profile('sandbox', 'Sandbox'), profile('p_prod', 'Production')],
      activeProfileId: 'sandbox',
      secretStorage: { canPersist: false },
      notices: [],
    };
  });
  afterEach(() => {
    cleanup();
    localStorage.clear();
    setActiveProfile.mockClear();
  });

  it('asks before a link switches the active profile; switching looks the message up as if typed, and the fragment goes', async () => {
    renderAt(`/?token=t0k#/message/${MESSAGE}?profile=p_prod`);
    const notice = await screen.findByTestId('link-notice');
    expect(notice.textContent).toContain('This link names another profile');
    expect(notice.textContent).toContain('You are using “Sandbox”');
    expect(setActiveProfile).not.toHaveBeenCalled();
    expect(lookup()).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Switch to “Production” and open' }));
    await waitFor(() => expect(lookup()).toBe(`${MESSAGE} → ${MESSAGE} with p_prod`));
    expect(setActiveProfile).toHaveBeenCalledWith('p_prod');
    // Reloading does not follow it again; the rest of the address stays.
    expect(window.location.hash).toBe('');
    expect(window.location.search).toBe('?token=t0k');
    expect(screen.queryByTestId('link-notice')).toBeNull();
  });

  it('keeps the active profile when the user says so', async () => {
    renderAt(`/#/message/${MESSAGE}?profile=p_prod`);
    fireEvent.click(await screen.findByRole('button', { name: 'Open it with “Sandbox”' }));
    await waitFor(() => expect(lookup()).toBe(`${MESSAGE} → ${MESSAGE} with sandbox`));
    expect(setActiveProfile).not.toHaveBeenCalled();
  });

  it('opens at once a link that names the active profile', async () => {
    renderAt(`/#/message/${MESSAGE}?profile=sandbox`);
    await waitFor(() => expect(lookup()).toBe(`${MESSAGE} → ${MESSAGE} with sandbox`));
    expect(screen.queryByTestId('link-notice')).toBeNull();
  });

  it('uses the active profile for a link that names none, and follows a link that arrives later', async () => {
    renderAt('/#/not-a-link');
    await act(async () => {});
    expect(lookup()).toBe('');
    expect(window.location.hash).toBe('#/not-a-link'); // not ours: left alone

    act(() => {
      window.location.hash = `#/message/${MESSAGE}`;
    });
    await waitFor(() => expect(lookup()).toBe(`${MESSAGE} → ${MESSAGE} with sandbox`));
    expect(setActiveProfile).not.toHaveBeenCalled();
    expect(window.location.hash).toBe('');

    // The same link again (the desktop hands it over once more): followed again.
    act(() => {
      window.location.hash = `#/message/om_error_230002?profile=sandbox`;
    });
    await waitFor(() => expect(lookup()).toBe('om_error_230002 → om_error_230002 with sandbox'));
  });

  it('says when the profile of a link is not here, and offers the active one', async () => {
    renderAt(`/#/message/${MESSAGE}?profile=p_elsewhere`);
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain(`The link opens ${MESSAGE} with the profile “p_elsewhere”, which is not on this computer.`);
    expect(lookup()).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Open it with “Sandbox”' }));
    await waitFor(() => expect(lookup()).toBe(`${MESSAGE} → ${MESSAGE} with sandbox`));
    expect(setActiveProfile).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says it in Chinese, and the notice can be dismissed without opening anything', async () => {
    setLanguage('zh-CN');
    renderAt(`/#/message/${MESSAGE}?profile=p_elsewhere`);
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain(`此链接要用配置“p_elsewhere”打开 ${MESSAGE}，但这台电脑上没有该配置。`);
    expect(screen.getByRole('button', { name: '用“Sandbox”打开' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '关闭' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(lookup()).toBe('');
  });

  it('opens a link to a chat in the conversation view, and asks before it switches the profile', async () => {
    renderAt(`/#/chat/${CHAT}?profile=sandbox`);
    await waitFor(() => expect(lookup()).toBe(`chat ${CHAT} with sandbox`));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(window.location.hash).toBe('');
    cleanup();

    renderAt(`/#/chat/${CHAT}?profile=p_prod`);
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain(`The link opens the chat ${CHAT} with the profile “Production”.`);
    expect(lookup()).toBe('');
    expect(setActiveProfile).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Switch to “Production” and open' }));
    await waitFor(() => expect(lookup()).toBe(`chat ${CHAT} with p_prod`));
    expect(setActiveProfile).toHaveBeenCalledWith('p_prod');
  });
});
