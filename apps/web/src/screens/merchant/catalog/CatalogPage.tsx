import { useEffect, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { BusinessProducts } from '../../../graphql/catalog';
import type { EditorProductFieldsFragment } from '../../../gql/graphql';
import { errorText } from '../../../lib/hooks';
import { Amount, Empty, ErrorNote, Spinner } from '../../../components/ui';
import { Collections } from './Collections';
import { CsvImportExport } from './CsvImportExport';
import { ProductEditor } from './ProductEditor';
import './editor.css';

const PRODUCTS = { additionalTypenames: ['Product'] };

/** The catalog editor: products (search, create, edit, archive), collections, CSV import and export. */
export function CatalogPage({ businessId, currency }: { businessId: string; currency: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [archived, setArchived] = useState(false);
  const [editing, setEditing] = useState<EditorProductFieldsFragment | 'new' | null>(null);
  // Pages shown so far, by the cursor each starts after: "Show more" adds the last page's end.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [generation, setGeneration] = useState(0);
  const filter = useMemo(() => ({ search: search.trim() || null, archived }), [search, archived]);
  useEffect(() => setCursors([null]), [filter, businessId]);
  const reload = () => setGeneration((g) => g + 1);

  return (
    <div className="console-page catalog-page">
      <section className="card" aria-labelledby="products-title">
        <div className="section-head">
          <h2 id="products-title">{t('catalog.products')}</h2>
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            + {t('catalog.newProduct')}
          </button>
        </div>
        <div className="toolbar" role="search">
          <label className="visually-hidden" htmlFor="catalog-search">
            {t('catalog.search')}
          </label>
          <input
            id="catalog-search"
            type="search"
            placeholder={t('catalog.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <label className="check">
            <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
            {t('catalog.showArchived')}
          </label>
        </div>
        {cursors.map((after, i) => (
          <ProductPage
            key={`${after ?? 'first'}-${generation}`}
            businessId={businessId}
            search={filter.search}
            archived={filter.archived}
            after={after}
            first={i === 0}
            last={i === cursors.length - 1}
            onMore={(end) => setCursors((c) => [...c, end])}
            onEdit={setEditing}
          />
        ))}
      </section>

      <Collections businessId={businessId} generation={generation} />
      <CsvImportExport businessId={businessId} onImported={reload} />

      {editing ? (
        <ProductEditor
          businessId={businessId}
          currency={currency}
          product={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      ) : null}
    </div>
  );
}

/** One page of the list; the first also says when there is nothing, the last offers the next page. */
function ProductPage({
  businessId,
  search,
  archived,
  after,
  first,
  last,
  onMore,
  onEdit,
}: {
  businessId: string;
  search: string | null;
  archived: boolean;
  after: string | null;
  first: boolean;
  last: boolean;
  onMore: (endCursor: string) => void;
  onEdit: (p: EditorProductFieldsFragment) => void;
}) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: BusinessProducts,
    variables: { businessId, search, archived, after },
    context: PRODUCTS,
    requestPolicy: 'cache-and-network',
  });
  const page = data?.businessProducts;
  const products = page?.edges.map((e) => e.node) ?? [];
  return (
    <>
      {fetching && !data ? <Spinner label={t('common.loading')} /> : null}
      {error && !data ? (
        <ErrorNote onRetry={() => refetch({ requestPolicy: 'network-only' })}>
          {t('catalog.loadError')} {errorText(error)}
        </ErrorNote>
      ) : null}
      {first && data && products.length === 0 ? (
        <Empty>{search ? t('catalog.noMatches', { search }) : t('catalog.noProducts')}</Empty>
      ) : null}
      <ul className="product-rows" aria-busy={fetching || undefined}>
        {products.map((p) => (
          <li key={p.id}>
            <ProductRow product={p} onEdit={onEdit} />
          </li>
        ))}
      </ul>
      {last && page?.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
        <button type="button" className="more" onClick={() => onMore(page.pageInfo.endCursor!)}>
          {t('catalog.more')}
        </button>
      ) : null}
    </>
  );
}

function ProductRow({
  product: p,
  onEdit,
}: {
  product: EditorProductFieldsFragment;
  onEdit: (p: EditorProductFieldsFragment) => void;
}) {
  const { t } = useTranslation();
  return (
    // Named by its content (the visible name first), so speech and voice control match what is on screen.
    <button type="button" className="product-row" onClick={() => onEdit(p)}>
      {p.photos[0] ? (
        <img src={p.photos[0].thumbnail.webp} alt="" width={56} height={56} />
      ) : (
        <span className="thumb-empty" aria-hidden="true">
          {p.name.slice(0, 1).toUpperCase()}
        </span>
      )}
      <span className="product-main">
        <span className="product-name">
          <span className="visually-hidden">{t('catalog.editPrefix')} </span>
          {p.name}
        </span>
        <span className="muted sku">{p.retailerId}</span>
        <span className="badges">
          {p.archivedAt ? <span className="badge-soft">{t('catalog.archived')}</span> : null}
          {p.availability === 'HIDDEN' ? <span className="badge-soft">{t('catalog.hidden')}</span> : null}
          {p.availability === 'OUT_OF_STOCK' ? <span className="badge-soft warn">{t('catalog.outOfStock')}</span> : null}
          {p.photos.length === 0 && !p.archivedAt ? <span className="badge-soft warn">{t('catalog.noPhoto')}</span> : null}
        </span>
      </span>
      <span className="product-figures">
        <span className="price">
          {p.salePrice ? (
            <>
              <Amount money={p.salePrice} />{' '}
              <s className="muted">
                <Amount money={p.price} />
              </s>
            </>
          ) : (
            <Amount money={p.price} />
          )}
        </span>
        <span className="muted">{stockSummary(p, t)}</span>
      </span>
    </button>
  );
}

function stockSummary(p: EditorProductFieldsFragment, t: TFunction): string {
  const withOptions = p.variants.filter((v) => v.options.length > 0);
  const tracked = p.variants.filter((v) => v.stock !== null);
  const stock = tracked.reduce((n, v) => n + (v.stock ?? 0), 0);
  const stockText = tracked.length ? t('catalog.inStock', { count: stock }) : t('catalog.untracked');
  return withOptions.length ? `${t('catalog.variants', { count: withOptions.length })} · ${stockText}` : stockText;
}
