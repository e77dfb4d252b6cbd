import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Tokens and element defaults first, so every component stylesheet bundled after them can build on them.
import './styles/tokens.css';
import './styles/base.css';
import { App } from './app/App';
import { createStores } from './store/createStores';
import { StoresProvider } from './store/StoresContext';

const stores = createStores(window.audian);
void stores.app.getState().loadInfo();
void stores.updates.getState().load();
void stores.connections.getState().refresh();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </StrictMode>,
  );
}
