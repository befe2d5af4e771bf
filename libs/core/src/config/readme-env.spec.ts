import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/** Every .ts file under a folder, tests and node_modules left out. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'web') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The variables the config classes read: the upper-case properties of the classes a file hands
 * to readEnv (every namespace validates its variables that way).
 */
function variablesRead(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))]) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('readEnv(')) continue;
    for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]{2,})[?!]?:/gm)) found.set(m[1], file.slice(ROOT.length + 1));
  }
  return found;
}

/** The variables named in the first column of the README's configuration table. */
function variablesDocumented(): Set<string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const names = readme
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));
  return new Set(names);
}

describe('the README configuration table', () => {
  it('lists every environment variable the config classes read', () => {
    const documented = variablesDocumented();
    const read = variablesRead();
    expect(read.size).toBeGreaterThan(50);
    // A failure names the variable and the file reading it: add a row for it to the README table.
    const missing = [...read].filter(([name]) => !documented.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });
});
