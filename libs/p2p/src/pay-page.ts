import type { OpenedLink } from './link.service';

/** The JSON a program gets for a payment link: who it pays and what it asks, with its QR codes. */
export interface PayPageJson {
  kind: 'personal' | 'one_off';
  url: string;
  status: OpenedLink['status'];
  recipient: { kind: 'person' | 'business'; handle: string; name: string };
  amount: { amount: string; currency: string | null } | null;
  note: string | null;
  expiresAt: string | null;
  qr: { png: string; svg: string } | null;
  /** How to pay it: GraphQL operations on this API. */
  pay: string;
}

export function payPageJson(link: OpenedLink, url: string, amount: string | null, note: string | null): PayPageJson {
  const personal = link.kind === 'personal';
  const query = new URL(url).search;
  const base = url.slice(0, url.indexOf('/pay/'));
  const asked = personal ? amount : (link.amountMinor?.toString() ?? null);
  return {
    kind: link.kind,
    url,
    status: link.status,
    recipient: { kind: link.recipient.kind, handle: link.recipient.handle, name: link.recipient.name },
    amount: asked ? { amount: asked, currency: link.currency } : null,
    note: personal ? note : link.note,
    expiresAt: link.expiresAt?.toISOString() ?? null,
    qr: personal
      ? {
          png: `${base}/pay/${encodeURIComponent(link.recipient.handle)}/qr.png${query}`,
          svg: `${base}/pay/${encodeURIComponent(link.recipient.handle)}/qr.svg${query}`,
        }
      : null,
    pay: personal
      ? 'sendMoney (to a person) in the Kedai app, or openPaymentLink(token: handle) over GraphQL'
      : 'openPaymentLink(token) then payPaymentLink(token, idempotencyKey) over GraphQL',
  };
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Minor units as a plain decimal for display (2 decimal places, as every currency Kedai pays in). */
const shown = (minor: string) => `${(BigInt(minor) / 100n).toString()}.${(BigInt(minor) % 100n).toString().padStart(2, '0')}`;

/** A small page a phone's browser can show until the web app handles the link: who, how much, the QR. */
export function payPageHtml(page: PayPageJson): string {
  const who = `${escape(page.recipient.name || page.recipient.handle)} <span>@${escape(page.recipient.handle)}</span>`;
  const amount = page.amount ? `<p class="amount">${escape(page.amount.currency ?? '')} ${shown(page.amount.amount)}</p>` : '';
  const note = page.note ? `<p>${escape(page.note)}</p>` : '';
  const state = page.status === 'active' ? '' : `<p class="closed">This link can no longer be paid (${escape(page.status)}).</p>`;
  const qr = page.qr ? `<img src="${escape(page.qr.svg)}" alt="QR code of this payment link" width="256" height="256">` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pay ${escape(page.recipient.name || page.recipient.handle)} · Kedai</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;text-align:center}
span{color:#667}.amount{font-size:2rem;margin:.5rem 0}.closed{color:#b00}img{margin:1rem auto;display:block}</style></head>
<body><h1>Pay ${who}</h1>${amount}${note}${state}${qr}
<p>Open this link in the Kedai app to pay, or scan the code with it.</p>
<p><small><a href="${escape(page.url)}">${escape(page.url)}</a></small></p></body></html>`;
}
