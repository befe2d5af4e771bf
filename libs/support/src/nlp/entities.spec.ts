import { extractAmounts, extractDates, extractEntities, extractPeople } from './entities';

// Saturday 5 December 2026, 10:00 in Kuala Lumpur.
const NOW = new Date('2026-12-05T02:00:00Z');
const KL = 'Asia/Kuala_Lumpur';

describe('entities', () => {
  it('reads amounts with their currency, before or after the number, in minor units', () => {
    const amounts = (text: string, fallback = 'MYR') =>
      extractAmounts(text, fallback).map((a) => `${a.amountMinor} ${a.currency}`);
    expect(amounts('find my payment of RM 25')).toEqual(['2500 MYR']);
    expect(amounts('I sent 25 ringgit')).toEqual(['2500 MYR']);
    expect(amounts('RM12.50 yesterday')).toEqual(['1250 MYR']);
    expect(amounts('zahlung über €12,50')).toEqual(['1250 EUR']);
    expect(amounts('pago de 1.250,50 euros')).toEqual(['125050 EUR']);
    expect(amounts('transfer Rp 25.000 ke Budi')).toEqual(['2500000 IDR']);
    expect(amounts('cari pembayaran 50 ribu', 'IDR')).toEqual(['5000000 IDR']);
    expect(amounts('pagamento de R$ 30')).toEqual(['3000 BRL']);
    expect(amounts('order 4821 has 3 items')).toEqual([]);
  });

  it('resolves dates in the asker’s time zone and language', () => {
    const dates = (text: string, language: Parameters<typeof extractDates>[1]) =>
      extractDates(text, language, NOW, KL).map((d) => d.date);
    expect(dates('what did I pay yesterday', 'en')).toEqual(['2026-12-04']);
    expect(dates('receipt for last Friday', 'en')).toEqual(['2026-12-04']);
    expect(dates('the payment on Monday', 'en')).toEqual(['2026-11-30']);
    expect(dates('money I sent on 3 Dec', 'en')).toEqual(['2026-12-03']);
    expect(dates('sent Dec 3rd', 'en')).toEqual(['2026-12-03']);
    expect(dates('am 3. Dezember geschickt', 'de')).toEqual(['2026-12-03']);
    expect(dates('el 3 de diciembre', 'es')).toEqual(['2026-12-03']);
    expect(dates('bayaran semalam', 'ms')).toEqual(['2026-12-04']);
    expect(dates('pindahan Jumaat lepas', 'ms')).toEqual(['2026-12-04']);
    expect(dates('le 25 décembre', 'fr')).toEqual(['2025-12-25']); // a date to come means last year's
    expect(dates('pago 03/12', 'pt')).toEqual(['2026-12-03']);
    expect(dates('nothing here', 'en')).toEqual([]);
  });

  it('recognises people from the asker’s own conversations only', () => {
    const people = [
      { personId: 'p1', name: 'Aisha Rahman' },
      { personId: 'p2', name: 'José Álvarez' },
    ];
    expect(extractPeople('show the transfer to aisha', people).map((p) => p.personId)).toEqual(['p1']);
    expect(extractPeople('did jose get it', people).map((p) => p.personId)).toEqual(['p2']);
    expect(extractPeople('did Siti get it', people)).toEqual([]);
  });

  it('finds order references however they are typed', () => {
    const e = extractEntities('where is kd-7hk2mpq9 and KD7HK2MPQ9?', {
      language: 'en',
      now: NOW,
      timeZone: KL,
      defaultCurrency: 'MYR',
      people: [],
    });
    expect(e.orderRefs).toEqual(['KD-7HK2MPQ9']);
  });
});
