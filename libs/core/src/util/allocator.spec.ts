import { existsSync } from 'node:fs';
import { allocatorEnv } from './allocator';

const debianJemalloc = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';

describe('the allocator every Kedai process starts with', () => {
  it('keeps what the caller chose: its own LD_PRELOAD, or jemalloc turned off; glibc then holds two arenas', () => {
    expect(allocatorEnv({ LD_PRELOAD: '/opt/tcmalloc.so' })).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(allocatorEnv({ KEDAI_JEMALLOC: 'off', MALLOC_ARENA_MAX: '4' })).toEqual({ MALLOC_ARENA_MAX: '4' });
  });

  it('preloads the jemalloc it is pointed at, or the one the machine has', () => {
    expect(allocatorEnv({ KEDAI_JEMALLOC: '/opt/jemalloc.so' })).toEqual({
      MALLOC_ARENA_MAX: '2',
      LD_PRELOAD: '/opt/jemalloc.so',
    });
    expect(allocatorEnv({})).toEqual(
      existsSync(debianJemalloc) ? { MALLOC_ARENA_MAX: '2', LD_PRELOAD: debianJemalloc } : { MALLOC_ARENA_MAX: '2' },
    );
  });
});
