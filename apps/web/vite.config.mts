import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * apps/web: the shopper's chat, the merchant console and the agent inbox (index.html), and
 * GraphiQL bundled from node_modules (graphiql.html), so it works with no network. `npm start`
 * builds both into apps/web/dist, which the API serves (see apps/api/src/web/serve-web-app.ts).
 * `npx vite apps/web` serves them with hot reload, proxying the API on 127.0.0.1:3000.
 */
const api = process.env.KEDAI_API ?? 'http://127.0.0.1:3000';

/**
 * Writes a .br and a .gz beside every script and style sheet of the build, compressed once at the
 * highest levels, so the API sends them without compressing per request (serve-web-app.ts picks
 * the one the browser accepts). Small files are not worth it.
 */
function precompress(): Plugin {
  return {
    name: 'kedai-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|svg)$/.test(name)) continue;
        const file = join(options.dir!, name);
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        // The top level costs seconds per megabyte: worth it for the app's chunks, not for GraphiQL's.
        const quality = body.length > 512 * 1024 ? 6 : 11;
        const params = { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length };
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [precompress()],
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
