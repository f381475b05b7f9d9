import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The UI is built into web/dist and served by the platform's own server (src/server.ts).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
