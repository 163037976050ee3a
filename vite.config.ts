import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './scripts/csp';

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  // One page, no client-side routes: a missing file must be a 404, not index.html with 200.
  appType: 'mpa',
  worker: { format: 'es' },
  // tfjs is imported only by the worker, which the dev server discovers late; pre-bundling it
  // up front avoids a mid-load "new dependencies optimized" page reload on the first start.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', 'recharts', 'react', 'react-dom/client'] },
  build: {
    target: 'es2022',
    // tfjs with its backends is a large bundle by nature; it lives in the worker chunk.
    chunkSizeWarningLimit: 4000,
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
