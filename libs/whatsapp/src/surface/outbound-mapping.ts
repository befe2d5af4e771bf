import { CloudErrors } from './cloud-api-error';
import { messageIdOfWamid } from './wamid';

// A Cloud API message object (what a bot POSTs to /messages) as what Kedai does with it: a chat
// message of one of Kedai's kinds, a template to fill in, an order to move, or a read mark. The
// lookups that need the database (products by retailer id, media by link) are the caller's.

type Obj = Record<string, unknown>;

export type Mapped =
  | { action: 'message'; field: string; payload: Obj; productRefs: ProductRef[]; mediaLink?: string }
  | { action: 'template'; name: string; language: string; components: unknown[] }
  | { action: 'order_status'; referenceId: string; status: string; note: string }
  | { action: 'read'; messageId: string };

/** Where a retailer id sits in the payload, for the caller to swap in the product id. */
export interface ProductRef {
  retailerId: string;
  set: (productId: string) => void;
}

const obj = (v: unknown, name: string): Obj => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw CloudErrors.missingParameter(`${name} is required`);
  return v as Obj;
};
const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || v.length === 0) throw CloudErrors.missingParameter(`${name} is required`);
  return v;
};
const optStr = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const textOf = (v: unknown): string | undefined => optStr((v as Obj | undefined)?.text);

/** What the Cloud API calls a body's `type` when it maps onto Kedai; anything else is 131051. */
export function mapOutbound(body: Obj): Mapped {
  if (body.status === 'read') {
    const wamid = str(body.message_id, 'message_id');
    const messageId = messageIdOfWamid(wamid);
    if (!messageId) throw CloudErrors.invalidValue(`message_id ${wamid} is not a message of this number`);
    return { action: 'read', messageId };
  }
  const type = typeof body.type === 'string' ? body.type : 'text';
  const refs: ProductRef[] = [];
  const message = (field: string, payload: Obj, extra: Partial<Extract<Mapped, { action: 'message' }>> = {}): Mapped => ({
    action: 'message',
    field,
    payload,
    productRefs: refs,
    ...extra,
  });
  switch (type) {
    case 'text': {
      const text = obj(body.text, 'text');
      return message('text', {
        body: str(text.body, 'text.body'),
        ...(typeof text.preview_url === 'boolean' && { previewUrl: text.preview_url }),
      });
    }
    case 'image': {
      const image = obj(body.image, 'image');
      const caption = optStr(image.caption);
      if (optStr(image.id)) return message('image', { mediaId: image.id, ...(caption && { caption }) });
      const link = str(image.link, 'image.id or image.link');
      return message('image', { mediaId: '', ...(caption && { caption }) }, { mediaLink: link });
    }
    case 'reaction': {
      const reaction = obj(body.reaction, 'reaction');
      const wamid = str(reaction.message_id, 'reaction.message_id');
      const messageId = messageIdOfWamid(wamid);
      if (!messageId) throw CloudErrors.invalidValue(`reaction.message_id ${wamid} is not a message of this number`);
      return message('reaction', { messageId, emoji: typeof reaction.emoji === 'string' ? reaction.emoji : '' });
    }
    case 'location': {
      const l = obj(body.location, 'location');
      return message('location', {
        latitude: Number(l.latitude),
        longitude: Number(l.longitude),
        ...(optStr(l.name) && { name: l.name }),
        ...(optStr(l.address) && { address: l.address }),
      });
    }
    case 'contacts': {
      if (!Array.isArray(body.contacts) || body.contacts.length === 0) throw CloudErrors.missingParameter('contacts is required');
      return message('contacts', { contacts: (body.contacts as Obj[]).map(contactCard) });
    }
    case 'template': {
      const t = obj(body.template, 'template');
      const language = obj(t.language, 'template.language');
      return {
        action: 'template',
        name: str(t.name, 'template.name'),
        language: str(language.code, 'template.language.code'),
        components: Array.isArray(t.components) ? t.components : [],
      };
    }
    case 'interactive':
      return mapInteractive(obj(body.interactive, 'interactive'), refs, message);
    default:
      throw CloudErrors.unsupportedType(type);
  }
}

function contactCard(c: Obj): Obj {
  const name = (c.name ?? {}) as Obj;
  const formatted = optStr(name.formatted_name) ?? [name.first_name, name.last_name].filter(Boolean).join(' ');
  if (!formatted) throw CloudErrors.missingParameter('contacts[].name.formatted_name is required');
  const phones = Array.isArray(c.phones) ? (c.phones as Obj[]) : [];
  const emails = Array.isArray(c.emails) ? (c.emails as Obj[]) : [];
  const org = (c.org ?? {}) as Obj;
  return {
    name: formatted,
    phones: phones.map((p) => ({
      phone: String(p.phone ?? ''),
      ...(optStr(p.type) && { type: p.type }),
      ...(optStr(p.wa_id) && { waId: p.wa_id }),
    })),
    emails: emails.map((e) => ({ email: String(e.email ?? ''), ...(optStr(e.type) && { type: e.type }) })),
    ...(optStr(org.company) && { organization: org.company }),
  };
}

function mapInteractive(i: Obj, refs: ProductRef[], message: (field: string, payload: Obj) => Mapped): Mapped {
  const type = str(i.type, 'interactive.type');
  const action = obj(i.action, 'interactive.action');
  const header = i.header as Obj | undefined;
  if (header && header.type !== undefined && header.type !== 'text' && type !== 'order_details')
    throw CloudErrors.invalidValue(`interactive.header of type ${String(header.type)} is not supported here; use a text header`);
  const headerText = textOf(header);
  const bodyText = textOf(i.body);
  const footer = textOf(i.footer);
  const ref = (retailerId: string, set: (id: string) => void) => refs.push({ retailerId, set });
  switch (type) {
    case 'button': {
      const buttons = Array.isArray(action.buttons) ? (action.buttons as Obj[]) : [];
      return message('interactive', {
        type: 'button',
        ...(headerText && { header: headerText }),
        body: str(bodyText, 'interactive.body.text'),
        ...(footer && { footer }),
        buttons: buttons.map((b) => {
          const reply = obj(b.reply, 'interactive.action.buttons[].reply');
          return { id: str(reply.id, 'reply.id'), title: str(reply.title, 'reply.title') };
        }),
      });
    }
    case 'list': {
      const sections = Array.isArray(action.sections) ? (action.sections as Obj[]) : [];
      return message('interactive', {
        type: 'list',
        ...(headerText && { header: headerText }),
        body: str(bodyText, 'interactive.body.text'),
        ...(footer && { footer }),
        listButton: str(action.button, 'interactive.action.button'),
        sections: sections.map((s) => ({
          ...(optStr(s.title) && { title: s.title }),
          rows: (Array.isArray(s.rows) ? (s.rows as Obj[]) : []).map((r) => ({
            id: str(r.id, 'rows[].id'),
            title: str(r.title, 'rows[].title'),
            ...(optStr(r.description) && { description: r.description }),
          })),
        })),
      });
    }
    case 'product': {
      const payload: Obj = { productId: '', ...(bodyText && { body: bodyText }), ...(footer && { footer }) };
      ref(str(action.product_retailer_id, 'interactive.action.product_retailer_id'), (id) => (payload.productId = id));
      return message('product', payload);
    }
    case 'product_list': {
      const sections = (Array.isArray(action.sections) ? (action.sections as Obj[]) : []).map((s) => {
        const section = { title: str(s.title, 'sections[].title'), productIds: [] as string[] };
        const items = Array.isArray(s.product_items) ? (s.product_items as Obj[]) : [];
        items.forEach((item, n) => {
          section.productIds.push('');
          ref(str(item.product_retailer_id, 'product_items[].product_retailer_id'), (id) => (section.productIds[n] = id));
        });
        return section;
      });
      return message('productList', {
        header: str(headerText, 'interactive.header.text'),
        body: str(bodyText, 'interactive.body.text'),
        ...(footer && { footer }),
        sections,
      });
    }
    case 'catalog_message': {
      const params = (action.parameters ?? {}) as Obj;
      const payload: Obj = { body: str(bodyText, 'interactive.body.text'), ...(footer && { footer }) };
      const thumb = optStr(params.thumbnail_product_retailer_id);
      if (thumb) ref(thumb, (id) => (payload.thumbnailProductId = id));
      return message('catalog', payload);
    }
    case 'order_status': {
      const params = obj(action.parameters, 'interactive.action.parameters');
      const order = obj(params.order, 'interactive.action.parameters.order');
      return {
        action: 'order_status',
        referenceId: str(params.reference_id, 'parameters.reference_id'),
        status: str(order.status, 'parameters.order.status'),
        note: optStr(order.description) ?? bodyText ?? '',
      };
    }
    case 'order_details':
      // Kedai's order bot prices, reserves and asks for payment itself (the shopper's cart is the
      // order); a bot's own payment request would bypass the stock and the ledger.
      throw CloudErrors.invalidValue(
        'order_details: payment requests are issued by Kedai for orders sent from the shopper’s cart; move them along with order_status',
      );
    default:
      throw CloudErrors.unsupportedType(`interactive.${type}`);
  }
}
