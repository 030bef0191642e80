import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = new URL('.', import.meta.url).pathname;

// root = web/, output web/dist (served by the Fastify server); `npm run dev:web` proxies the API.
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: {
      // The live channel (WebSocket) first: the generic /api entry would not upgrade it.
      '/api/v1/live': { target: 'ws://localhost:3000', ws: true },
      '/api': 'http://localhost:3000',
      '/health': 'http://localhost:3000',
    },
  },
});
