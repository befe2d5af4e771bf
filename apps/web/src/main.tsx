import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { App } from './App';
import { createClient } from './lib/client';
import { initI18n } from './i18n';
import './styles.css';

initI18n();
const client = createClient();

const root = document.getElementById('root')!;
createRoot(root).render(
  <StrictMode>
    <Provider value={client}>
      <App />
    </Provider>
  </StrictMode>,
);

// The first screen can take input once React has committed it: a mark the browser tests read as
// time to interactive (test/web/support/pages.ts).
requestAnimationFrame(() => setTimeout(() => performance.mark('kedai:interactive'), 0));
