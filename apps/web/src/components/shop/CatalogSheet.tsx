import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import {
  AddToCart,
  Catalog,
  CartQuery,
  ProductById,
  RemoveFromCart,
  SearchProducts,
  SendOrder,
  SetCartQuantity,
} from '../../graphql/operations';
import type { ProductFieldsFragment } from '../../gql/graphql';
import { newId } from '../../lib/client';
import { errorText, useStored } from '../../lib/hooks';
import { Amount, Empty, ErrorNote, Field, Sheet, Spinner } from '../ui';

interface BusinessRef {
  id: string;
  name: string;
  handle: string;
}

/** A business's catalog beside its chat: search, collections, photos, variants, and the cart. */
export default function CatalogSheet({
  business,
  productId,
  onClose,
}: {
  business: BusinessRef;
  productId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'products' | 'cart'>('products');
  const [open, setOpen] = useState<string | undefined>(productId);
  const [cartResult, refetchCart] = useQuery({ query: CartQuery, variables: { businessId: business.id } });
  const count = cartResult.data?.cart.lines.reduce((n, l) => n + l.quantity, 0) ?? 0;

  return (
    <Sheet title={business.name} onClose={onClose} wide>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'products'} onClick={() => setTab('products')}>
          {t('shop.products')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'cart'} onClick={() => setTab('cart')}>
          {t('shop.cart', { count })}
        </button>
      </div>
      {tab === 'products' ? (
        open ? (
          <ProductDetail
            id={open}
            onBack={() => setOpen(undefined)}
            onAdded={() => refetchCart({ requestPolicy: 'network-only' })}
          />
        ) : (
          <Browse handle={business.handle} onOpen={setOpen} onAdded={() => refetchCart({ requestPolicy: 'network-only' })} />
        )
      ) : (
        <CartPanel businessId={business.id} onSent={onClose} />
      )}
    </Sheet>
  );
}

function Browse({ handle, onOpen, onAdded }: { handle: string; onOpen: (id: string) => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [collectionId, setCollectionId] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const [catalog, refetch] = useQuery({ query: Catalog, variables: { handle, collectionId }, pause: !!query });
  const [found] = useQuery({ query: SearchProducts, variables: { handle, query }, pause: !query });
  const result = query ? found : catalog;
  const products = query
    ? (found.data?.searchProducts.edges.map((e) => e.node) ?? [])
    : (catalog.data?.catalog.edges.map((e) => e.node) ?? []);

  return (
    <div>
      <Field label={t('shop.search')}>
        {(id) => <input id={id} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />}
      </Field>
      {catalog.data && catalog.data.collections.length > 0 && !query ? (
        <div className="chips" role="group" aria-label={t('shop.collections')}>
          <button type="button" aria-pressed={collectionId === null} onClick={() => setCollectionId(null)}>
            {t('shop.all')}
          </button>
          {catalog.data.collections.map((c) => (
            <button key={c.id} type="button" aria-pressed={collectionId === c.id} onClick={() => setCollectionId(c.id)}>
              {c.name}
            </button>
          ))}
        </div>
      ) : null}
      {result.fetching && !result.data ? <Spinner label={t('common.loading')} /> : null}
      {result.error ? (
        <ErrorNote onRetry={() => refetch({ requestPolicy: 'network-only' })}>{errorText(result.error)}</ErrorNote>
      ) : null}
      {result.data && products.length === 0 ? <Empty>{query ? t('shop.noResults') : t('shop.emptyCatalog')}</Empty> : null}
      <ul className="products">
        {products.map((p) => (
          <ProductTile key={p.id} p={p} onOpen={() => onOpen(p.id)} onAdded={onAdded} />
        ))}
      </ul>
    </div>
  );
}

function ProductTile({ p, onOpen, onAdded }: { p: ProductFieldsFragment; onOpen: () => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const [adding, add] = useMutation(AddToCart);
  const single = p.variants.length === 1;
  const soldOut = p.availability === 'OUT_OF_STOCK';
  return (
    <li className="product">
      <button type="button" className="product-open" onClick={onOpen}>
        {p.photos[0] ? (
          <picture>
            <source srcSet={p.photos[0].thumbnail.webp} type="image/webp" />
            <img src={p.photos[0].thumbnail.jpeg} alt="" width={120} height={120} loading="lazy" />
          </picture>
        ) : (
          <span className="no-photo" aria-hidden="true" />
        )}
        <span className="name">{p.name}</span>
      </button>
      <span className="price">
        {p.salePrice ? (
          <s>
            <Amount money={p.price} />
          </s>
        ) : null}{' '}
        <Amount money={p.shownPrice} />
      </span>
      {soldOut ? (
        <span className="muted">{t('shop.soldOut')}</span>
      ) : single ? (
        <button
          type="button"
          className="small"
          aria-label={t('shop.addNamed', { name: p.name })}
          disabled={adding.fetching}
          onClick={async () => {
            const res = await add({ variantId: p.variants[0].id, quantity: 1 });
            if (res.data) onAdded();
          }}
        >
          {t('shop.add')}
        </button>
      ) : (
        <button type="button" className="small" onClick={onOpen}>
          {t('shop.choose')}
        </button>
      )}
      {adding.error ? <ErrorNote>{errorText(adding.error)}</ErrorNote> : null}
    </li>
  );
}

function ProductDetail({ id, onBack, onAdded }: { id: string; onBack: () => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: ProductById, variables: { id } });
  const [variantId, setVariantId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState(1);
  const [adding, add] = useMutation(AddToCart);
  const [added, setAdded] = useState(false);
  const p = data?.product;
  useEffect(() => {
    if (p && !variantId) setVariantId(p.variants[0]?.id ?? null);
  }, [p, variantId]);
  if (fetching && !p) return <Spinner label={t('common.loading')} />;
  if (error || !p) return <ErrorNote>{t('shop.productMissing')}</ErrorNote>;
  const variant = p.variants.find((v) => v.id === variantId);

  return (
    <article className="product-detail">
      <button type="button" className="link" onClick={onBack}>
        ← {t('shop.backToCatalog')}
      </button>
      <h3>{p.name}</h3>
      <div className="photos">
        {p.photos.map((ph) => (
          <picture key={ph.id}>
            <source srcSet={ph.medium.webp} type="image/webp" />
            <img src={ph.medium.jpeg} alt={p.name} loading="lazy" />
          </picture>
        ))}
      </div>
      <p>{p.description}</p>
      {p.variants.length > 1 ? (
        <fieldset>
          <legend>{t('shop.variant')}</legend>
          {p.variants.map((v) => (
            <label key={v.id} className="radio">
              <input type="radio" name={`variant-${p.id}`} checked={variantId === v.id} onChange={() => setVariantId(v.id)} />
              {v.options.map((o) => `${o.value}`).join(' / ') || v.sku} · <Amount money={v.shownPrice} />
              {v.stock === 0 ? <span className="muted"> · {t('shop.soldOut')}</span> : null}
            </label>
          ))}
        </fieldset>
      ) : null}
      <Field label={t('shop.quantity')}>
        {(fid) => (
          <input
            id={fid}
            type="number"
            min={1}
            max={99}
            value={quantity}
            onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))}
          />
        )}
      </Field>
      <p className="price">
        <Amount money={variant?.shownPrice ?? p.shownPrice} />
      </p>
      <button
        type="button"
        className="primary"
        disabled={!variant || adding.fetching || p.availability === 'OUT_OF_STOCK'}
        onClick={async () => {
          const res = await add({ variantId: variant!.id, quantity });
          if (res.data) {
            setAdded(true);
            onAdded();
          }
        }}
      >
        {t('shop.addToCart')}
      </button>
      {added ? <p role="status">{t('shop.added')}</p> : null}
      {adding.error ? <ErrorNote>{errorText(adding.error)}</ErrorNote> : null}
    </article>
  );
}

function CartPanel({ businessId, onSent }: { businessId: string; onSent: () => void }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: CartQuery,
    variables: { businessId },
    requestPolicy: 'cache-and-network',
  });
  const [, setQty] = useMutation(SetCartQuantity);
  const [, remove] = useMutation(RemoveFromCart);
  const [sending, sendOrder] = useMutation(SendOrder);
  const [note, setNote] = useStored(`kedai.orderNote.${businessId}`);
  const [code, setCode] = useState('');
  const [shipping, setShipping] = useState('');
  // One key per order attempt, kept across a reload so a retry cannot send the order twice.
  const [key, setKey] = useStored(`kedai.orderKey.${businessId}`);

  const cart = data?.cart;
  if (fetching && !cart) return <Spinner label={t('common.loading')} />;
  if (error && !cart) return <ErrorNote onRetry={() => refetch({ requestPolicy: 'network-only' })}>{errorText(error)}</ErrorNote>;
  if (!cart || cart.lines.length === 0) return <Empty>{t('shop.cartEmpty')}</Empty>;
  const options = data?.shippingOptions ?? [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const idempotencyKey = key || newId();
    if (!key) setKey(idempotencyKey);
    const res = await sendOrder({
      businessId,
      idempotencyKey,
      note: note.trim() || null,
      discountCode: code.trim() || null,
      shippingOptionId: shipping || options[0]?.id || null,
    });
    if (res.data) {
      setKey('');
      setNote('');
      onSent();
    }
  };

  return (
    <form className="cart" onSubmit={submit}>
      <ul>
        {cart.lines.map((l) => (
          <li key={l.variantId} className={l.problem ? 'line problem' : 'line'}>
            <span className="name">{l.name}</span>
            <span className="qty" role="group" aria-label={t('shop.quantityOf', { name: l.name })}>
              <button
                type="button"
                className="icon"
                aria-label={t('shop.less')}
                onClick={() =>
                  l.quantity > 1
                    ? void setQty({ variantId: l.variantId, quantity: l.quantity - 1 })
                    : void remove({ businessId, variantId: l.variantId })
                }
              >
                −
              </button>
              <output aria-live="polite">{l.quantity}</output>
              <button
                type="button"
                className="icon"
                aria-label={t('shop.more')}
                onClick={() => void setQty({ variantId: l.variantId, quantity: l.quantity + 1 })}
              >
                +
              </button>
            </span>
            <Amount money={l.lineTotal} />
            <button type="button" className="link" onClick={() => void remove({ businessId, variantId: l.variantId })}>
              {t('shop.remove')}
            </button>
            {l.problem ? <small className="error-text">{t(`shop.problem.${l.problem}`, l.problem)}</small> : null}
          </li>
        ))}
      </ul>
      <p className="total">
        {t('order.subtotal')} <Amount money={cart.subtotal} />
      </p>
      {options.length > 0 ? (
        <Field label={t('shop.shipping')}>
          {(id) => (
            <select id={id} value={shipping || options[0].id} onChange={(e) => setShipping(e.target.value)}>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label={t('shop.discountCode')}>
        {(id) => <input id={id} value={code} autoCapitalize="characters" onChange={(e) => setCode(e.target.value)} />}
      </Field>
      <Field label={t('shop.note')}>
        {(id) => <textarea id={id} rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {sending.error ? <ErrorNote>{errorText(sending.error)}</ErrorNote> : null}
      <button type="submit" className="primary" disabled={!cart.orderable || sending.fetching}>
        {t('shop.sendOrder')}
      </button>
    </form>
  );
}
