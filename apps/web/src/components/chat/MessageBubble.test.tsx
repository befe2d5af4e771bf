import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, Provider } from 'urql';
import { never } from 'wonka';
import { initI18n } from '../../i18n';
import type { Msg } from '../../lib/chat-state';
import { MessageBubble, type MessageActions } from './MessageBubble';

const money = (amount: string) => ({ __typename: 'Money' as const, amount, currency: 'MYR', formatted: `MYR ${amount}` });
const base = {
  __typename: 'Message',
  id: 'm',
  seq: 7,
  conversationId: 'c',
  clientMessageId: null,
  senderKind: 'BOT',
  senderPersonId: null,
  senderBusinessId: 'b',
  createdAt: '2026-12-05T10:00:00Z',
  deletedAt: null,
  status: 'SENT',
  failedReason: null,
};
const message = (kind: string, content: Record<string, unknown>) => ({ ...base, kind, content }) as unknown as Msg;
// Product cards read their product through urql: a client that never answers keeps them loading.
const client = { executeQuery: () => never } as unknown as Client;

function show(m: Msg, actions: MessageActions = {}, mine = false) {
  return render(
    <Provider value={client}>
      <ol>
        <MessageBubble m={m} mine={mine} tick={mine ? 'READ' : undefined} actions={actions} />
      </ol>
    </Provider>,
  );
}

describe('a message bubble renders every kind the API has', () => {
  beforeAll(() => {
    initI18n('en');
  });
  afterEach(cleanup);

  it('text, with the read tick on my own', () => {
    show(message('TEXT', { __typename: 'TextContent', body: 'Hello there' }), {}, true);
    expect(screen.getByText('Hello there')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Read' })).toBeTruthy();
  });

  it('image, with its caption as the alt text', () => {
    show(
      message('IMAGE', {
        __typename: 'ImageContent',
        caption: 'Latte art',
        mediaId: 'x',
        photo: { id: 'x', width: 10, height: 10, medium: { webp: '/m.webp', jpeg: '/m.jpg' } },
      }),
    );
    expect(screen.getByRole('img', { name: 'Latte art' })).toBeTruthy();
  });

  it('buttons and list rows send the chosen reply', () => {
    const onReply = vi.fn();
    show(
      message('INTERACTIVE', {
        __typename: 'InteractiveContent',
        type: 'BUTTON',
        header: null,
        body: 'Pick one',
        footer: null,
        listButton: null,
        buttons: [
          { id: 'yes', title: 'Yes' },
          { id: 'no', title: 'No' },
        ],
        sections: [{ title: 'More', rows: [{ id: 'r1', title: 'Row one', description: 'desc' }] }],
      }),
      { onReply },
    );
    fireEvent.click(screen.getByRole('button', { name: 'No' }));
    fireEvent.click(screen.getByRole('button', { name: /Row one/ }));
    expect(onReply.mock.calls.map((c) => c.slice(1))).toEqual([
      ['no', 'No'],
      ['r1', 'Row one'],
    ]);
  });

  it('the catalog opens the catalog', () => {
    const onOpenCatalog = vi.fn();
    show(message('CATALOG', { __typename: 'CatalogContent', body: 'Our menu', footer: null, thumbnailProductId: null }), {
      onOpenCatalog,
    });
    fireEvent.click(screen.getByRole('button', { name: 'View catalog' }));
    expect(onOpenCatalog).toHaveBeenCalled();
  });

  it('product and product list show their cards', () => {
    show(message('PRODUCT', { __typename: 'ProductContent', productId: 'p1', productBody: 'Try this', footer: null }));
    expect(screen.getByText('Try this')).toBeTruthy();
    cleanup();
    show(
      message('PRODUCT_LIST', {
        __typename: 'ProductListContent',
        listHeader: 'Picks',
        body: 'For you',
        footer: null,
        productSections: [{ title: 'Hot', productIds: ['p1', 'p2'] }],
      }),
    );
    expect(screen.getByText('Hot')).toBeTruthy();
    expect(screen.getAllByText('Loading…')).toHaveLength(2);
  });

  it('an order, and order details with "Review and pay" until it is paid', () => {
    show(
      message('ORDER', {
        __typename: 'OrderContent',
        orderId: 'o',
        businessId: 'b',
        note: 'No sugar',
        items: [{ name: 'Kopi', quantity: 2 }],
        subtotal: money('1300'),
      }),
    );
    expect(screen.getByText('Order · 2 items')).toBeTruthy();
    expect(screen.getByText('No sugar')).toBeTruthy();
    cleanup();
    const details = message('ORDER_DETAILS', {
      __typename: 'OrderDetailsContent',
      orderId: 'o',
      referenceId: 'KD-1',
      status: 'awaiting_payment',
      payBy: '2026-12-05T11:00:00Z',
      subtotal: money('1300'),
      discount: money('0'),
      tax: money('78'),
      shipping: money('0'),
      total: money('1378'),
    });
    const onReviewPay = vi.fn();
    show(details, { onReviewPay });
    expect(screen.getByText('MYR 13.78')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Review and pay' }));
    expect(onReviewPay).toHaveBeenCalledWith('o');
    cleanup();
    show(details, { onReviewPay, latest: new Map([['o', 'paid']]) });
    expect(screen.queryByRole('button', { name: 'Review and pay' })).toBeNull();
    expect(screen.getByText('Paid')).toBeTruthy();
  });

  it('order status, payment and system notices', () => {
    show(
      message('ORDER_STATUS', {
        __typename: 'OrderStatusContent',
        orderId: 'o',
        referenceId: 'KD-1',
        status: 'shipped',
        note: 'On its way',
      }),
    );
    expect(screen.getByText('Shipped')).toBeTruthy();
    cleanup();
    show(
      message('PAYMENT', {
        __typename: 'PaymentContent',
        paymentId: 'p',
        status: 'completed',
        note: 'Dinner',
        amount: money('2500'),
      }),
    );
    expect(screen.getByText('MYR 25.00')).toBeTruthy();
    cleanup();
    show(message('SYSTEM', { __typename: 'SystemContent', event: 'group_created', text: 'Aisyah created the group' }));
    expect(screen.getByText('Aisyah created the group')).toBeTruthy();
  });

  it('a money request: pay or decline for the payer, not for the requester, and not once paid', () => {
    const request = message('PAYMENT_REQUEST', {
      __typename: 'PaymentRequestContent',
      requestId: 'r',
      status: 'pending',
      note: 'Lunch',
      requestExpiresAt: null,
      amount: money('1500'),
    });
    const onPayRequest = vi.fn();
    const onDeclineRequest = vi.fn();
    show(request, { onPayRequest, onDeclineRequest });
    fireEvent.click(screen.getByRole('button', { name: 'Pay' }));
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    expect(onPayRequest).toHaveBeenCalledWith('r');
    expect(onDeclineRequest).toHaveBeenCalledWith('r');
    cleanup();
    show(request, { onPayRequest }, true);
    expect(screen.queryByRole('button', { name: 'Pay' })).toBeNull();
    cleanup();
    show(request, { onPayRequest, latest: new Map([['r', 'paid']]) });
    expect(screen.queryByRole('button', { name: 'Pay' })).toBeNull();
  });

  it('a deleted message shows a tombstone; an unknown kind says it cannot be shown', () => {
    show({ ...message('TEXT', { __typename: 'TextContent', body: 'gone' }), deletedAt: '2026-12-05T10:01:00Z' } as Msg);
    expect(screen.getByText('This message was deleted')).toBeTruthy();
    cleanup();
    show(message('TEXT', null as unknown as Record<string, unknown>));
    expect(screen.getByText('This message cannot be shown here.')).toBeTruthy();
  });
});
