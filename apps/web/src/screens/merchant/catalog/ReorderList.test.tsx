import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../i18n';
import { ReorderList } from './ReorderList';

const items = [
  { id: 'a', name: 'Drinks' },
  { id: 'b', name: 'Bakery' },
  { id: 'c', name: 'Beans' },
];

function show(onReorder = vi.fn(async () => undefined)) {
  render(<ReorderList label="Collections" items={items} onReorder={onReorder} render={(i) => <span>{i.name}</span>} />);
  return onReorder;
}
const names = () => screen.getAllByRole('listitem').map((li) => li.textContent?.replace('⋮⋮', ''));

describe('a list reordered by keyboard or drag', () => {
  beforeAll(() => {
    initI18n('en');
  });
  afterEach(cleanup);

  it('moves an item with the arrow keys and Home/End, saves each order, announces it and keeps focus on it', () => {
    const onReorder = show();
    const handle = screen.getByRole('button', { name: 'Move Drinks; position 1 of 3' });
    handle.focus();
    fireEvent.keyDown(handle, { key: 'ArrowDown' });
    expect(names()).toEqual(['Bakery', 'Drinks', 'Beans']);
    expect(onReorder).toHaveBeenLastCalledWith(['b', 'a', 'c']);
    expect(screen.getByRole('status').textContent).toBe('Drinks moved to position 2 of 3.');
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Move Drinks; position 2 of 3');

    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(onReorder).toHaveBeenLastCalledWith(['b', 'c', 'a']);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Move Beans; position 2 of 3' }), { key: 'Home' });
    expect(names()).toEqual(['Beans', 'Bakery', 'Drinks']);
  });

  it('ignores other keys and moves that go nowhere', () => {
    const onReorder = show();
    fireEvent.keyDown(screen.getByRole('button', { name: 'Move Drinks; position 1 of 3' }), { key: 'ArrowUp' });
    fireEvent.keyDown(screen.getByRole('button', { name: 'Move Drinks; position 1 of 3' }), { key: 'Enter' });
    expect(onReorder).not.toHaveBeenCalled();
    expect(names()).toEqual(['Drinks', 'Bakery', 'Beans']);
  });

  it('drops a dragged row where it is let go', () => {
    const onReorder = show();
    const [first, , third] = screen.getAllByRole('listitem');
    const dataTransfer = { setData: vi.fn(), effectAllowed: '' };
    fireEvent.dragStart(first!, { dataTransfer });
    fireEvent.dragOver(third!, { dataTransfer });
    fireEvent.drop(third!, { dataTransfer });
    expect(onReorder).toHaveBeenCalledWith(['b', 'c', 'a']);
    expect(names()).toEqual(['Bakery', 'Beans', 'Drinks']);
  });
});
