import { defineConfig } from 'vite';

/**
 * apps/web: the shopper's chat, the merchant console and the agent inbox (index.html), and
 * GraphiQL bundled from node_modules (graphiql.html), so it works with no network. `npm start`
 * builds both into apps/web/dist, which the API serves (see apps/api/src/web/serve-web-app.ts).
 * `npx vite apps/web` serves them with hot reload, proxying the API on 127.0.0.1:3000.
 */
const api = process.env.KEDAI_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Hashed names under /assets: the API serves them with a year-long immutable cache.
    assetsDir: 'assets',
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      input: { main: 'index.html', graphiql: 'graphiql.html' },
      // GraphiQL's dependencies carry React Server Components' "use client" marks, meaningless here.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/media': api,
      '/businesses': api,
      '^/pay/[^/]+/qr\\.(png|svg)$': api,
    },
  },
});
