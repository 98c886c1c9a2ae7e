// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProfilesState, ProfileSummary, SaveProfileRequest } from '../../../core/api/contract';
import { initI18n } from '../../i18n';
import { ProfilesDialog } from './ProfilesDialog';

const saveProfile = vi.fn<(request: SaveProfileRequest) => Promise<ProfileSummary>>();
const importProfiles = vi.fn<(text: string) => Promise<{ imported: number; ignoredSecretFields: number }>>();
vi.mock('../../api', () => ({
  api: {
    saveProfile: (request: SaveProfileRequest) => saveProfile(request),
    importProfiles: (text: string) => importProfiles(text),
  },
}));

const SANDBOX: ProfileSummary = {
  profileId: 'sandbox',
  name: 'Sandbox',
  domain: 'custom',
  baseUrl: 'sandbox:',
  appId: 'cli_sandbox',
  defaultUserIdType: 'open_id',
  builtIn: true,
  fromEnvironment: false,
  hasSecret: true,
};
const SUPPORT: ProfileSummary = {
  profileId: 'p_1',
  name: 'Support bot',
  domain: 'feishu',
  baseUrl: 'https://open.feishu.cn',
  appId: 'cli_a5f1',
  defaultUserIdType: 'union_id',
  builtIn: false,
  fromEnvironment: false,
  hasSecret: true,
  maskedSecret: '••••cret',
};
const STATE: ProfilesState = {
  profiles: [SANDBOX, SUPPORT],
  activeProfileId: 'sandbox',
  secretStorage: { canPersist: false, backend: 'none' },
  notices: [],
};

function renderDialog() {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <ProfilesDialog state={STATE} open onClose={() => undefined} />
    </QueryClientProvider>,
  );
  return within(screen.getByTestId('profiles-dialog'));
}

describe('ProfilesDialog', () => {
  beforeEach(() => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
  });
  afterEach(() => {
    cleanup();
    localStorage.clear();
    saveProfile.mockReset();
    importProfiles.mockReset();
  });

  it('edits the first editable profile; saving without typing a secret keeps the one stored', async () => {
    saveProfile.mockResolvedValue({ ...SUPPORT, name: 'Support bot 2' });
    const dialog = renderDialog();
    expect(dialog.getByRole('heading', { level: 3 }).textContent).toBe('Edit “Support bot”');
    expect(dialog.getByRole('button', { name: /^Sandbox/ })).toHaveProperty('disabled', true);
    expect(dialog.getByTestId('profile-secret').getAttribute('placeholder')).toBe('Kept (••••cret): leave empty to keep it');
    expect(dialog.getByRole('combobox', { name: 'Default user_id_type' })).toHaveProperty('value', 'union_id');
    expect(dialog.getByTestId('secret-storage-warning').textContent).toContain('Browser mode');

    fireEvent.change(dialog.getByTestId('profile-name'), { target: { value: 'Support bot 2' } });
    fireEvent.change(dialog.getByRole('combobox', { name: 'Default user_id_type' }), { target: { value: 'user_id' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(dialog.getByRole('status').textContent).toBe('Saved “Support bot 2”.'));
    expect(saveProfile).toHaveBeenCalledWith({
      profileId: 'p_1',
      input: { name: 'Support bot 2', domain: 'feishu', appId: 'cli_a5f1', defaultUserIdType: 'user_id' },
      persistSecret: false,
    });
  });

  it('a new profile sends the secret typed, and its base URL when custom', async () => {
    saveProfile.mockResolvedValue({ ...SUPPORT, profileId: 'p_2', name: 'Local' });
    const dialog = renderDialog();
    fireEvent.click(dialog.getByRole('button', { name: 'New profile' }));
    expect(dialog.getByRole('heading', { level: 3 }).textContent).toBe('New profile');
    expect(dialog.getByTestId('profile-name')).toHaveProperty('value', '');
    fireEvent.change(dialog.getByTestId('profile-name'), { target: { value: 'Local' } });
    fireEvent.change(dialog.getByTestId('profile-domain'), { target: { value: 'custom' } });
    fireEvent.change(dialog.getByTestId('profile-base-url'), { target: { value: 'http://127.0.0.1:9000' } });
    fireEvent.change(dialog.getByTestId('profile-app-id'), { target: { value: 'cli_local' } });
    fireEvent.change(dialog.getByTestId('profile-secret'), { target: { value: 's3cret' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(saveProfile).toHaveBeenCalledOnce());
    expect(saveProfile.mock.calls[0]![0]).toEqual({
      profileId: undefined,
      input: {
        name: 'Local',
        domain: 'custom',
        baseUrl: 'http://127.0.0.1:9000',
        appId: 'cli_local',
        defaultUserIdType: 'open_id',
        appSecret: 's3cret',
      },
      persistSecret: false,
    });
  });

  it('a store app sends its tenants, one a line; a pasted token sends whose it is and when it expires', async () => {
    saveProfile.mockResolvedValue({ ...SUPPORT, profileId: 'p_3', name: 'Store', kind: 'store' });
    const dialog = renderDialog();
    fireEvent.click(dialog.getByRole('button', { name: 'New profile' }));
    fireEvent.change(dialog.getByTestId('profile-name'), { target: { value: 'Store' } });
    fireEvent.change(dialog.getByTestId('profile-kind'), { target: { value: 'store' } });
    fireEvent.change(dialog.getByTestId('profile-app-id'), { target: { value: 'cli_store' } });
    fireEvent.change(dialog.getByTestId('profile-secret'), { target: { value: 's3cret' } });
    fireEvent.change(dialog.getByTestId('profile-tenants'), { target: { value: '736588c9260f175e  Acme Ltd\n\n2ed263bf32cf1651\n' } });
    fireEvent.change(dialog.getByTestId('profile-sign-in-port'), { target: { value: '50123' } });
    expect(dialog.getByText(/http:\/\/127\.0\.0\.1:50123\/callback/)).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saveProfile).toHaveBeenCalledOnce());
    expect(saveProfile.mock.calls[0]![0].input).toEqual({
      name: 'Store',
      domain: 'feishu',
      appId: 'cli_store',
      defaultUserIdType: 'open_id',
      appSecret: 's3cret',
      kind: 'store',
      tenants: [
        { key: '736588c9260f175e', name: 'Acme Ltd' },
        { key: '2ed263bf32cf1651', name: '2ed263bf32cf1651' },
      ],
      signInPort: 50123,
    });

    saveProfile.mockReset();
    saveProfile.mockResolvedValue({ ...SUPPORT, profileId: 'p_4', name: 'Explorer', kind: 'pasted' });
    fireEvent.click(dialog.getByRole('button', { name: 'New profile' }));
    fireEvent.change(dialog.getByTestId('profile-name'), { target: { value: 'Explorer' } });
    fireEvent.change(dialog.getByTestId('profile-kind'), { target: { value: 'pasted' } });
    expect(dialog.getByTestId('profile-app-id')).toHaveProperty('required', false);
    expect(dialog.queryByTestId('profile-sign-in-port')).toBeNull();
    fireEvent.change(dialog.getByTestId('profile-pasted-as'), { target: { value: 'user' } });
    fireEvent.change(dialog.getByTestId('profile-pasted-expires'), { target: { value: '2026-12-06T15:30' } });
    fireEvent.change(dialog.getByTestId('profile-secret'), { target: { value: 'u-made-elsewhere' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saveProfile).toHaveBeenCalledOnce());
    expect(saveProfile.mock.calls[0]![0].input).toEqual({
      name: 'Explorer',
      domain: 'feishu',
      appId: '',
      defaultUserIdType: 'open_id',
      appSecret: 'u-made-elsewhere',
      kind: 'pasted',
      pastedAs: 'user',
      pastedExpiresAt: new Date('2026-12-06T15:30').getTime(),
    });
  });

  it('importing a file says how many profiles came in and that secrets in it were ignored', async () => {
    importProfiles.mockResolvedValue({ imported: 2, ignoredSecretFields: 1 });
    const dialog = renderDialog();
    const input = dialog.getByTestId('profiles-import-input');
    const file = new File(['{"profiles":[]}'], 'profiles.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);

    await waitFor(() =>
      expect(dialog.getByRole('status').textContent).toBe('Imported 2 profiles. 1 secret field in the file was ignored.'),
    );
    expect(importProfiles).toHaveBeenCalledWith('{"profiles":[]}');
  });
});
