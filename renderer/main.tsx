import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ToastProvider } from './components/Toasts';
import { ChatExportsProvider } from './features/conversation/chat-exports';
import { initI18n } from './i18n';
import './styles.css';

initI18n();

const queryClient: QueryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false } },
  // Every lookup lands in the history: show it there as soon as it settles.
  queryCache: new QueryCache({
    onSettled: (_data, _error, query) => {
      if (query.queryKey[0] === 'message') void queryClient.invalidateQueries({ queryKey: ['history'] });
    },
  }),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <ChatExportsProvider>
          <App />
        </ChatExportsProvider>
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
