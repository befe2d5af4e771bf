import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { keyboardTarget, move } from '../../../lib/reorder';

export interface ReorderItem {
  id: string;
  name: string;
}

/**
 * A list a person puts in order: by dragging a row, or from the keyboard on its handle (arrows one
 * place, Home and End to the ends). The new order shows at once and is announced; `onReorder`
 * saves it, and the saved order comes back through `items`.
 */
export function ReorderList<T extends ReorderItem>({
  label,
  items,
  onReorder,
  render,
}: {
  label: string;
  items: readonly T[];
  onReorder: (ids: string[]) => Promise<unknown>;
  render: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const [order, setOrder] = useState(items);
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const handles = useRef(new Map<string, HTMLButtonElement>());
  const refocus = useRef<string | null>(null);
  useEffect(() => setOrder(items), [items]);
  useEffect(() => {
    if (refocus.current) handles.current.get(refocus.current)?.focus();
    refocus.current = null;
  }, [order]);

  const commit = (from: number, to: number) => {
    if (from === to) return;
    const next = move(order, from, to);
    const moved = next[to]!;
    setOrder(next);
    refocus.current = moved.id;
    setAnnouncement(t('catalog.moved', { name: moved.name, position: to + 1, count: next.length }));
    void onReorder(next.map((i) => i.id));
  };

  return (
    <>
      <ol className="reorder" aria-label={label}>
        {order.map((item, index) => (
          <li
            key={item.id}
            className={[dragging === index ? 'dragging' : '', over === index && dragging !== index ? 'drop-target' : ''].join(
              ' ',
            )}
            draggable
            // Stopped here: a list inside a row of another (a collection's products) must not move the row.
            onDragStart={(e) => {
              e.stopPropagation();
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', item.id);
              setDragging(index);
            }}
            onDragOver={(e) => {
              e.preventDefault();
              e.stopPropagation();
              setOver(index);
            }}
            onDragEnd={() => {
              setDragging(null);
              setOver(null);
            }}
            onDrop={(e) => {
              e.preventDefault();
              e.stopPropagation();
              if (dragging !== null) commit(dragging, index);
              setDragging(null);
              setOver(null);
            }}
          >
            <button
              type="button"
              className="handle"
              ref={(el) => {
                if (el) handles.current.set(item.id, el);
                else handles.current.delete(item.id);
              }}
              aria-label={t('catalog.moveHandle', { name: item.name, position: index + 1, count: order.length })}
              onKeyDown={(e) => {
                const to = keyboardTarget(e.key, index, order.length);
                if (to === null) return;
                e.preventDefault();
                commit(index, to);
              }}
            >
              <span aria-hidden="true">⋮⋮</span>
            </button>
            <div className="reorder-body">{render(item)}</div>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
