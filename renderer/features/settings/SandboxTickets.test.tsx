// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SandboxTicket } from '../../../core/api/contract';
import { createSandbox } from '../../../core/sandbox/emulator';
import { initI18n } from '../../i18n';
import { ToastProvider } from '../../components/Toasts';

const main = vi.hoisted(() => ({ tickets: [] as SandboxTicket[] }));
vi.mock('../../api', () => ({ api: { getSandboxTickets: () => Promise.resolve(structuredClone(main.tickets)) } }));

const { SandboxTickets } = await import('./SandboxTickets');

function show() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <SandboxTickets />
      </ToastProvider>
    </QueryClientProvider>,
  );
}

describe('the app_tickets of the sandbox panel', () => {
  beforeEach(() => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
  });
  afterEach(() => cleanup());

  it('lists the pushed tickets, newest first, each with a button that copies it', async () => {
    const sandbox = createSandbox();
    await sandbox.handle(
      new Request('http://sandbox/open-apis/auth/v3/app_ticket/resend', {
        method: 'POST',
        body: JSON.stringify({ app_id: 'cli_sandbox_store', app_secret: 'sandbox_store_secret' }),
      }),
    );
    main.tickets = [...sandbox.tickets];
    expect(main.tickets).toHaveLength(2);
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });

    show();
    const rows = await screen.findAllByTestId('sandbox-ticket');
    // Newest first, each shown by its tail only: the whole ticket goes by the copy button.
    expect(rows.map((row) => row.querySelector('code')?.textContent)).toEqual(
      [main.tickets[1]!.ticket, main.tickets[0]!.ticket].map((ticket) => `••••${ticket.slice(-6)}`),
    );
    expect(rows.map((row) => row.textContent).join('')).not.toContain(main.tickets[1]!.ticket);
    expect(rows[0]!.textContent).toContain('cli_sandbox_store');

    fireEvent.click(screen.getAllByRole('button', { name: 'Copy ticket' })[0]!);
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith(main.tickets[1]!.ticket));
  });

  it('says how to get one when none was pushed', async () => {
    main.tickets = [];
    show();
    expect(await screen.findByText('No app_ticket yet: ask for a resend.')).toBeTruthy();
  });
});
