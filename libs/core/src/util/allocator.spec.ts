import { allocatorEnv } from './allocator';

const none = () => false;
const only = (path: string) => (p: string) => p === path;

describe('the allocator every Kedai process starts with', () => {
  it('keeps what the caller chose: its own LD_PRELOAD, or jemalloc turned off; glibc then holds two arenas', () => {
    const everywhere = () => true;
    expect(allocatorEnv({ LD_PRELOAD: '/opt/tcmalloc.so' }, everywhere)).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(allocatorEnv({ KEDAI_JEMALLOC: 'off', MALLOC_ARENA_MAX: '4' }, everywhere)).toEqual({ MALLOC_ARENA_MAX: '4' });
  });

  it('preloads the jemalloc it is pointed at, or the one the machine has, on either architecture', () => {
    expect(allocatorEnv({ KEDAI_JEMALLOC: '/opt/jemalloc.so' }, none)).toEqual({
      MALLOC_ARENA_MAX: '2',
      LD_PRELOAD: '/opt/jemalloc.so',
    });
    const arm = '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2';
    expect(allocatorEnv({}, only(arm))).toEqual({ MALLOC_ARENA_MAX: '2', LD_PRELOAD: arm });
    const x86 = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';
    expect(allocatorEnv({}, only(x86))).toEqual({ MALLOC_ARENA_MAX: '2', LD_PRELOAD: x86 });
  });

  it('falls back to glibc with two arenas where the machine has no jemalloc', () => {
    expect(allocatorEnv({}, none)).toEqual({ MALLOC_ARENA_MAX: '2' });
  });
});
