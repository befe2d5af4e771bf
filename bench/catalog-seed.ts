import type { Client } from 'pg';

/**
 * Gives the business `count` bench products (retailer ids BENCH-00001…), replacing earlier ones:
 * names from a small vocabulary so search has real words to find, every fifth product with three
 * size variants, every seventh on sale, every thirteenth out of stock, every third with two photos. One INSERT … SELECT each,
 * so 10,000 products take a second, not minutes.
 */
export async function seedCatalog(db: Client, handle: string, count: number): Promise<string> {
  const found = await db.query<{ id: string; currency: string }>('select id, currency from business where handle = $1', [handle]);
  const business = found.rows[0];
  if (!business) throw new Error(`bench: no business with handle ${handle}; did the seed run?`);
  await db.query('begin');
  await db.query(`delete from product where business_id = $1 and retailer_id like 'BENCH-%'`, [business.id]);
  await db.query(
    `insert into product (id, business_id, retailer_id, name, description, price_minor, sale_price_minor, currency, availability, position)
     select gen_random_uuid(), $1, 'BENCH-' || lpad(i::text, 5, '0'),
            (array['Kopi','Teh','Nasi','Roti','Kuih','Sambal','Batik','Songket','Rattan','Pandan'])[1 + i % 10] || ' ' ||
            (array['Susu','Tarik','Lemak','Canai','Bakar','Manis','Pedas','Halus','Kasar','Wangi'])[1 + (i / 10) % 10] || ' ' || i,
            'Handmade in Kuala Lumpur. Batch ' || i || '. ' || repeat('Fresh, local and made to order. ', 3),
            500 + (i * 37) % 20000,
            case when i % 7 = 0 then 400 + (i * 37) % 20000 / 2 end,
            $2,
            case when i % 13 = 0 then 'out_of_stock' else 'in_stock' end,
            1000 + i
       from generate_series(1, $3::int) as i`,
    [business.id, business.currency, count],
  );
  await db.query(
    `insert into product_variant (id, product_id, business_id, sku, options, price_minor, stock, position)
     select gen_random_uuid(), p.id, p.business_id, p.retailer_id || case when s.n = 0 then '' else '-' || s.size end,
            case when s.n = 0 then '{}'::jsonb else jsonb_build_object('size', s.size) end,
            p.price_minor + s.n * 100, case when p.availability = 'out_of_stock' then 0 else 25 end, s.n
       from product p
       join lateral (select * from (values (0, ''), (1, 'S'), (2, 'M'), (3, 'L')) as v(n, size)
                      where case when substr(p.retailer_id, 7)::int % 5 = 0 then v.n > 0 else v.n = 0 end) s on true
      where p.business_id = $1 and p.retailer_id like 'BENCH-%'`,
    [business.id],
  );
  // Photos as rows only: the page reads ids and sizes (URLs are built from the id), never the files.
  await db.query(
    `insert into media_asset (id, business_id, mime, width, height, bytes, status, attached_at)
     select ('00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, $1, 'image/jpeg', 1280, 960, 180000, 'attached', now()
       from generate_series(1, 100) as i
     on conflict (id) do nothing`,
    [business.id],
  );
  await db.query(
    `insert into product_photo (product_id, media_id, position, width, height)
     select p.id, ('00000000-0000-7000-8000-' || lpad(to_hex(1 + (p.i + k) % 100), 12, '0'))::uuid, k, 1280, 960
       from (select id, substr(retailer_id, 7)::int as i from product where business_id = $1 and retailer_id like 'BENCH-%') p
       cross join lateral generate_series(0, case when p.i % 3 = 0 then 1 else 0 end) as k`,
    [business.id],
  );
  await db.query('commit');
  await db.query('analyze product; analyze product_variant; analyze product_photo');
  return business.id;
}
