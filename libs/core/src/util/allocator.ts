import { existsSync } from 'node:fs';

/** Where Debian's and Ubuntu's libjemalloc2 package puts the library (x86-64 and arm64). */
const JEMALLOC_PATHS = ['/usr/lib/x86_64-linux-gnu/libjemalloc.so.2', '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2'];

/**
 * The environment a Kedai process is started with for its memory allocator: jemalloc when the
 * machine has it (`apt-get install libjemalloc2`; the Docker image does) and nothing chose
 * otherwise (KEDAI_JEMALLOC=off, or an LD_PRELOAD of the caller's own), else glibc's malloc held to
 * two arenas. glibc keeps freed memory that V8's compiler zones and the threads' buffers leave
 * scattered in its arenas, so an API's resident memory only grows with its peaks; jemalloc returns
 * it. Measured on the p2p bench after its catalog-read baseline: peak RSS 290-325 MiB on glibc
 * (133-161 MiB outside V8's heap), 270-272 on jemalloc (115-120) (bench/README.md, issue 15).
 */
export function allocatorEnv(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): Record<string, string> {
  const arenas = { MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || '2' };
  if (env.LD_PRELOAD || env.KEDAI_JEMALLOC === 'off') return arenas;
  const path = env.KEDAI_JEMALLOC || JEMALLOC_PATHS.find(exists);
  return path ? { ...arenas, LD_PRELOAD: path } : arenas;
}
