import { createRoot } from 'react-dom/client';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';

/**
 * GraphiQL for development, bundled by Vite from node_modules with the web app's React: nothing
 * is loaded from a CDN, so it works offline. The API serves it at GET /graphql to browsers.
 */
const url = new URL('/graphql', location.href).toString();
const fetcher = createGraphiQLFetcher({ url, subscriptionUrl: url.replace(/^http/, 'ws') });

const root = document.getElementById('graphiql')!;
root.removeAttribute('aria-busy');
createRoot(root).render(<GraphiQL fetcher={fetcher} defaultEditorToolsVisibility />);
