// Vite builds the app into dist/ (hashed files under assets/, which the API server serves with a
// year-long cache) and, in `npm run dev`, serves it with the API proxied to a running server.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.MEDSYNC_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline scripts or styles: the app's Content-Security-Policy allows 'self' only.
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': api,
      '/openapi.json': api,
      '/docs': api,
    },
  },
});
