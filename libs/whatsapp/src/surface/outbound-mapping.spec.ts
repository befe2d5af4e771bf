import { CloudApiError } from './cloud-api-error';
import { mapOutbound } from './outbound-mapping';
import { messageIdOfWamid, wamidOf } from './wamid';

const code = (f: () => unknown): number | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof CloudApiError) return e.code;
    throw e;
  }
  return undefined;
};

describe('wamids', () => {
  it('are stable and lead back to the message', () => {
    const id = '0193a5e1-7c2b-7d3e-9f10-1234567890ab';
    expect(wamidOf(id)).toBe(wamidOf(id));
    expect(wamidOf(id)).toMatch(/^wamid\.[A-Za-z0-9_-]{22}$/);
    expect(messageIdOfWamid(wamidOf(id))).toBe(id);
    expect(messageIdOfWamid('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=')).toBeNull();
    expect(messageIdOfWamid('nonsense')).toBeNull();
  });
});

describe('mapping Cloud API message objects', () => {
  it('text keeps preview_url', () => {
    expect(mapOutbound({ type: 'text', text: { body: 'hi', preview_url: true } })).toMatchObject({
      action: 'message',
      field: 'text',
      payload: { body: 'hi', previewUrl: true },
    });
  });

  it('products are referred to by retailer id, for the caller to resolve', () => {
    const mapped = mapOutbound({
      type: 'interactive',
      interactive: { type: 'product', body: { text: 'Look' }, action: { catalog_id: '1', product_retailer_id: 'SKU-1' } },
    });
    if (mapped.action !== 'message') throw new Error('expected a message');
    expect(mapped.productRefs.map((r) => r.retailerId)).toEqual(['SKU-1']);
    mapped.productRefs[0].set('the-id');
    expect(mapped.payload).toEqual({ productId: 'the-id', body: 'Look' });
  });

  it('order_status moves an order; order_details is refused with a reason', () => {
    expect(
      mapOutbound({
        type: 'interactive',
        interactive: {
          type: 'order_status',
          body: { text: 'On its way' },
          action: { name: 'review_order', parameters: { reference_id: 'KD-1', order: { status: 'shipped' } } },
        },
      }),
    ).toEqual({ action: 'order_status', referenceId: 'KD-1', status: 'shipped', note: 'On its way' });
    expect(code(() => mapOutbound({ type: 'interactive', interactive: { type: 'order_details', action: {} } }))).toBe(131009);
  });

  it('answers Meta’s codes for what it cannot take', () => {
    expect(code(() => mapOutbound({ type: 'sticker', sticker: {} }))).toBe(131051);
    expect(code(() => mapOutbound({ type: 'interactive', interactive: { type: 'flow', action: {} } }))).toBe(131051);
    expect(code(() => mapOutbound({ type: 'text' }))).toBe(131008);
    expect(code(() => mapOutbound({ status: 'read', message_id: 'wamid.x' }))).toBe(131009);
    expect(code(() => mapOutbound({ type: 'contacts', contacts: [{ name: {} }] }))).toBe(131008);
  });
});
