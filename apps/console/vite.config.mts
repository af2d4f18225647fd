import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web console and public portal. Built into dist/console (served by the platform at /);
 * `npm run console:dev` proxies /api to a platform started with `npm start` (port 3000).
 */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // bench:console reads the manifest to size each route group's chunks.
    manifest: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': process.env.CONSOLE_API_PROXY ?? 'http://localhost:3000' },
  },
});
