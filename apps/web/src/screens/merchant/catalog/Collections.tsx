import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import {
  BusinessCollections,
  ProductNames,
  CreateCollection,
  DeleteCollection,
  ReorderCollections,
  SetCollectionProducts,
} from '../../../graphql/catalog';
import type { ProductNamesQuery } from '../../../gql/graphql';
import { errorText } from '../../../lib/hooks';
import { Empty, ErrorNote, Spinner } from '../../../components/ui';
import { ReorderList } from './ReorderList';

const COLLECTIONS = { additionalTypenames: ['Collection'] };
const PRODUCTS = { additionalTypenames: ['Product'] };
type Named = ProductNamesQuery['businessProducts']['edges'][number]['node'];

/** Collections in the order shoppers see them, each with its products in order; both reordered by drag or keyboard. */
export function Collections({ businessId, generation }: { businessId: string; generation: number }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: BusinessCollections,
    variables: { businessId },
    context: COLLECTIONS,
  });
  const [names, refetchNames] = useQuery({ query: ProductNames, variables: { businessId }, context: PRODUCTS });
  const products = names.data?.businessProducts.edges.map((e) => e.node) ?? [];
  // A product saved or imported elsewhere on the page: its name and cover may have changed.
  useEffect(() => {
    if (generation === 0) return;
    refetchNames({ requestPolicy: 'network-only' });
    refetch({ requestPolicy: 'network-only' });
  }, [generation]);
  const [creating, create] = useMutation(CreateCollection);
  const [reordering, reorder] = useMutation(ReorderCollections);
  const [, remove] = useMutation(DeleteCollection);
  const [name, setName] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  // Deleting asks once more: a collection's order and contents cannot be brought back.
  const [deleting, setDeleting] = useState<string | null>(null);
  const collections = data?.businessCollections ?? [];
  const reload = () => refetch({ requestPolicy: 'network-only' });

  return (
    <section className="card" aria-labelledby="collections-title">
      <h2 id="collections-title">{t('catalog.collections')}</h2>
      {fetching && !data ? <Spinner label={t('common.loading')} /> : null}
      {error && !data ? <ErrorNote onRetry={reload}>{errorText(error)}</ErrorNote> : null}
      {data && collections.length === 0 ? <Empty>{t('catalog.noCollections')}</Empty> : null}
      {collections.length > 1 ? <p className="hint">{t('catalog.collectionsHint')}</p> : null}
      {collections.length ? (
        <ReorderList
          label={t('catalog.collections')}
          items={collections}
          onReorder={async (ids) => {
            await reorder({ businessId, ids });
            reload();
          }}
          render={(c) => (
            <div className="collection">
              <div className="collection-head">
                <button
                  type="button"
                  className="link collection-toggle"
                  aria-expanded={open === c.id}
                  onClick={() => setOpen(open === c.id ? null : c.id)}
                >
                  {/* Not CSS content: generated text would become part of the button's name. */}
                  <span className="chevron" aria-hidden="true">
                    ▸
                  </span>
                  {c.name}
                </button>
                <span className="muted">{t('catalog.productsIn', { count: c.productIds.length })}</span>
                {deleting === c.id ? (
                  <span className="confirm-inline" role="group" aria-label={t('catalog.deleteCollection', { name: c.name })}>
                    <button
                      type="button"
                      className="small primary danger"
                      onClick={async () => {
                        await remove({ id: c.id });
                        setDeleting(null);
                        reload();
                      }}
                    >
                      {t('catalog.deleteCollection', { name: c.name })}
                    </button>
                    <button type="button" className="small" onClick={() => setDeleting(null)}>
                      {t('catalog.cancel')}
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="small danger"
                    aria-label={t('catalog.deleteCollection', { name: c.name })}
                    onClick={() => setDeleting(c.id)}
                  >
                    ×
                  </button>
                )}
              </div>
              {open === c.id ? <CollectionProducts collection={c} products={products} onChanged={reload} /> : null}
            </div>
          )}
        />
      ) : null}
      {reordering.error ? <ErrorNote>{errorText(reordering.error)}</ErrorNote> : null}
      <form
        className="row add-row"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!name.trim()) return;
          const res = await create({ businessId, name: name.trim(), productIds: [] });
          if (res.data) {
            setName('');
            setOpen(res.data.createCollection.id);
            reload();
          }
        }}
      >
        <label className="visually-hidden" htmlFor="new-collection">
          {t('catalog.newCollection')}
        </label>
        <input
          id="new-collection"
          placeholder={t('catalog.newCollection')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="off"
        />
        <button type="submit" disabled={creating.fetching || !name.trim()}>
          {t('catalog.addCollection')}
        </button>
      </form>
      {creating.error ? <ErrorNote>{errorText(creating.error)}</ErrorNote> : null}
    </section>
  );
}

function CollectionProducts({
  collection,
  products,
  onChanged,
}: {
  collection: { id: string; name: string; productIds: string[] };
  products: Named[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [saving, setProducts] = useMutation(SetCollectionProducts);
  const [adding, setAdding] = useState('');
  const byId = new Map(products.map((p) => [p.id, p]));
  const items = collection.productIds.map((id) => ({ id, name: byId.get(id)?.name ?? id.slice(0, 8) }));
  const save = async (ids: string[]) => {
    await setProducts({ id: collection.id, productIds: ids });
    onChanged();
  };
  const addable = products.filter((p) => !collection.productIds.includes(p.id));

  return (
    <div className="collection-products">
      {items.length === 0 ? <Empty>{t('catalog.emptyCollection')}</Empty> : null}
      {items.length ? (
        <ReorderList
          label={t('catalog.openCollection', { name: collection.name })}
          items={items}
          onReorder={save}
          render={(item) => (
            <div className="collection-item">
              {byId.get(item.id)?.photos[0] ? (
                <img src={byId.get(item.id)!.photos[0]!.thumbnail.webp} alt="" width={32} height={32} />
              ) : null}
              <span>{item.name}</span>
              <button
                type="button"
                className="small"
                aria-label={t('catalog.removeFromCollection', { name: item.name })}
                onClick={() => void save(collection.productIds.filter((id) => id !== item.id))}
              >
                ×
              </button>
            </div>
          )}
        />
      ) : null}
      {addable.length ? (
        <form
          className="row add-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (adding) void save([...collection.productIds, adding]).then(() => setAdding(''));
          }}
        >
          <label className="visually-hidden" htmlFor={`add-to-${collection.id}`}>
            {t('catalog.addToCollection')}
          </label>
          <select id={`add-to-${collection.id}`} value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">{t('catalog.addToCollection')}…</option>
            {addable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!adding || saving.fetching}>
            {t('catalog.addToCollection')}
          </button>
        </form>
      ) : null}
      {saving.error ? <ErrorNote>{errorText(saving.error)}</ErrorNote> : null}
    </div>
  );
}
