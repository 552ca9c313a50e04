// The dashboard is a static bundle served by the Tollgate server from dist/web.
// Run from the repository root: `vite build --config web/vite.config.ts`.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const server = 'http://127.0.0.1:8787';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/v1': { target: server, changeOrigin: true },
      '/api': { target: server, changeOrigin: true },
    },
  },
});
