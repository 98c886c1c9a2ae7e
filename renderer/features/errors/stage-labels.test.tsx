// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/feishu/exchange';
import type { FeishuFailure } from '../../../core/feishu/types';
import { ToastProvider } from '../../components/Toasts';
import { initI18n, setLanguage } from '../../i18n';
import { RawExchanges } from '../viewer/RawExchanges';
import { ErrorPanel } from './ErrorPanel';
import { UnreachablePanel } from './UnreachablePanel';

const refused: FeishuFailure = { kind: 'api', stage: 'event_endpoint', code: 1000040350, msg: 'too many connections', httpStatus: 200 };
const unreachable: FeishuFailure = { kind: 'network', stage: 'event_socket', msg: 'connect ECONNREFUSED 127.0.0.1:443' };
const endpointCall: Exchange = {
  stage: 'event_endpoint',
  attempt: 1,
  method: 'POST',
  url: 'https://open.feishu.cn/callback/ws/endpoint',
  requestHeaders: {},
  status: 200,
  responseHeaders: {},
  startedAt: 0,
  durationMs: 12,
};

function showAll() {
  return render(
    <ToastProvider>
      <ErrorPanel failure={refused} profile={undefined} />
      <UnreachablePanel
        failure={unreachable}
        state={{ host: 'open.feishu.cn', baseUrl: 'https://open.feishu.cn', platform: 'feishu', reason: 'refused', steps: [] }}
        onRetry={() => undefined}
      />
      <RawExchanges exchanges={[endpointCall]} />
    </ToastProvider>,
  );
}

describe('the stage of a long-connection failure', () => {
  beforeEach(() => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
  });
  afterEach(() => {
    cleanup();
    localStorage.clear();
  });

  it('is named as what was being done, not as getting the message, in both languages', () => {
    showAll();
    const text = () => document.body.textContent ?? '';
    expect(screen.getByTestId('error-panel').textContent).toContain('asking for the long-connection endpoint');
    expect(screen.getByTestId('unreachable-panel').textContent).toContain('opening the long connection (WebSocket handshake)');
    expect(screen.getByTestId('exchange').textContent).toContain('asking for the long-connection endpoint');
    expect(text()).not.toContain('getting the message');

    act(() => setLanguage('zh-CN'));
    expect(screen.getByTestId('error-panel').textContent).toContain('获取长连接接入点');
    expect(screen.getByTestId('unreachable-panel').textContent).toContain('打开长连接（WebSocket 握手）');
    expect(text()).not.toContain('获取消息');
  });
});
