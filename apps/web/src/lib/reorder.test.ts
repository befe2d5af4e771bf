import { describe, expect, it } from 'vitest';
import { keyboardTarget, move } from './reorder';

describe('reordering a list', () => {
  it('moves an item down, up, and to either end, leaving the input as it was', () => {
    const list = ['a', 'b', 'c', 'd'];
    expect(move(list, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(move(list, 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(move(list, 1, 99)).toEqual(['a', 'c', 'd', 'b']);
    expect(move(list, 2, -5)).toEqual(['c', 'a', 'b', 'd']);
    expect(move(list, 7, 0)).toEqual(list);
    expect(list).toEqual(['a', 'b', 'c', 'd']);
  });

  it('maps the keyboard: arrows one place, Home and End to the ends, other keys not at all', () => {
    expect(keyboardTarget('ArrowUp', 2, 4)).toBe(1);
    expect(keyboardTarget('ArrowUp', 0, 4)).toBe(0);
    expect(keyboardTarget('ArrowDown', 3, 4)).toBe(3);
    expect(keyboardTarget('Home', 3, 4)).toBe(0);
    expect(keyboardTarget('End', 0, 4)).toBe(3);
    expect(keyboardTarget('Enter', 0, 4)).toBeNull();
  });
});
