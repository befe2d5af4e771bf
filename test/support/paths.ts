// Jest runs globalSetup/globalTeardown outside its module registry, where moduleNameMapper does not
// apply: resolve the @kedai/* aliases with tsconfig-paths there.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { register } from 'tsconfig-paths';

const root = resolve(__dirname, '../..');
const paths: Record<string, string[]> = {};
for (const lib of readdirSync(resolve(root, 'libs'))) {
  paths[`@kedai/${lib}`] = [`libs/${lib}/src`];
  paths[`@kedai/${lib}/*`] = [`libs/${lib}/src/*`];
}
register({ baseUrl: root, paths });
