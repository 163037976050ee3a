import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The global stylesheet first, so each component's module comes after it in the cascade.
import './ui/global.css';
import { App } from './ui/App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
