import type { Language } from './entities/settings.entity';

export interface Texts {
  received(ref: string): string;
  awaitingMerchant(ref: string): string;
  closed(opens: string): string;
  closedReply(opens: string): string;
  soldOut(ref: string, items: string): string;
  priceChanged(ref: string, changes: string): string;
  accept: string;
  cancel: string;
  expired(ref: string): string;
  status(ref: string, status: string): string;
}

/** What the order bot says, in each language a business can choose. */
const TEXTS: Record<Language, Texts> = {
  en: {
    received: (ref: string) => `Thanks! We received order ${ref}.`,
    awaitingMerchant: (ref: string) => `Order ${ref} is with the shop; you will get the payment request once they confirm it.`,
    closed: (opens: string) =>
      `We are closed right now${opens ? ` and open again ${opens}` : ''}. Your order is in and we will get to it.`,
    closedReply: (opens: string) =>
      `Thanks for your message! We are closed right now${opens ? ` and open again ${opens}` : ''}; we will reply then.`,
    soldOut: (ref: string, items: string) => `Sorry, ${items} sold out, so order ${ref} was canceled. Nothing was charged.`,
    priceChanged: (ref: string, changes: string) =>
      `Prices changed since you sent order ${ref}: ${changes}. Go ahead at the new prices?`,
    accept: 'Accept',
    cancel: 'Cancel order',
    expired: (ref: string) => `Order ${ref} was canceled: the time to pay ran out, and the items went back on the shelf.`,
    status: (ref: string, status: string) => `Order ${ref}: ${status.replace('_', ' ')}.`,
  },
  ms: {
    received: (ref: string) => `Terima kasih! Pesanan ${ref} telah diterima.`,
    awaitingMerchant: (ref: string) =>
      `Pesanan ${ref} sedang disemak oleh kedai; permintaan bayaran akan dihantar selepas disahkan.`,
    closed: (opens: string) => `Kami tutup sekarang${opens ? ` dan dibuka semula ${opens}` : ''}. Pesanan anda telah diterima.`,
    closedReply: (opens: string) =>
      `Terima kasih atas mesej anda! Kami tutup sekarang${opens ? ` dan dibuka semula ${opens}` : ''}; kami akan membalas nanti.`,
    soldOut: (ref: string, items: string) =>
      `Maaf, ${items} telah habis dijual, jadi pesanan ${ref} dibatalkan. Tiada caj dikenakan.`,
    priceChanged: (ref: string, changes: string) =>
      `Harga telah berubah sejak pesanan ${ref} dihantar: ${changes}. Teruskan dengan harga baharu?`,
    accept: 'Terima',
    cancel: 'Batal pesanan',
    expired: (ref: string) => `Pesanan ${ref} dibatalkan: masa untuk membayar telah tamat.`,
    status: (ref: string, status: string) => `Pesanan ${ref}: ${status.replace('_', ' ')}.`,
  },
};

export function textsFor(language: Language): Texts {
  return TEXTS[language] ?? TEXTS.en;
}
