import type { INestApplication } from '@nestjs/common';
import { signIn, uniquePhone, type SignedIn } from './support/auth';
import { allOperations } from './support/schema-walk';
import { gql, TestEnv } from './support/test-env';
import { uploadPhoto } from './support/catalog';

/**
 * The authorisation walk. Every query and mutation of the schema must be listed here as public,
 * as acting only on the caller's own data, or as touching a business's or another person's data
 * with a call that targets someone else's. A new resolver that is not listed fails the first test;
 * one listed as targeted is called as a stranger, as a member of another business and with another
 * business's API key, and must be refused; the owner's control call proves the target is real.
 */
const PUBLIC = [
  'business',
  'requestSignInCode',
  'verifySignInCode',
  'refreshSession',
  'catalog',
  'product',
  'collections',
  'searchProducts',
  'shippingOptions',
];
const SELF = [
  'me',
  'mySessions',
  'updateProfile',
  'signOut',
  'myBusinesses',
  'myInvitations',
  'createBusiness',
  // Chat: the caller's own conversations, and starting one as themselves.
  'conversations',
  'startBusinessConversation',
  'startDirectConversation',
  'createGroup',
  // Checkout: the caller's own cart and orders.
  'cart',
  'addToCart',
  'setCartQuantity',
  'removeFromCart',
  'clearCart',
  'sendOrder',
  'myOrders',
];
// Payments: the payer's own sources, wallet, PIN and eligibility; paying any business is the caller's own act.
SELF.push('myFundingSources', 'addCard', 'linkWallet', 'enableKedaiWallet', 'kedaiWalletBalance', 'topUpKedaiWallet');
SELF.push('paymentEligibility', 'paymentPinStatus', 'setPaymentPin', 'changePaymentPin', 'requestPaymentPinReset');
SELF.push('resetPaymentPin', 'createPaymentIntent');
// P2P: the caller's own transfers, requests, block list, links and wallet; paying a one-off link is the payer's own act.
SELF.push('myTransfers', 'myMoneyRequests', 'blockPerson', 'unblockPerson', 'withdrawToFundingSource', 'myPaymentLink');
SELF.push('createPaymentLink', 'openPaymentLink', 'payPaymentLink');
// Support: a person's own conversation with Kedai Support.
SELF.push('startSupportConversation');

interface Fixture {
  owner: SignedIn;
  businessId: string;
  apiKeyId: string;
  invitationId: string;
  productId: string;
  catalogImportId: string;
  optionedProductId: string;
  variantIds: string[];
  collectionId: string;
  photoId: string;
  groupId: string;
  groupMemberId: string;
  messageId: string;
  shopConversationId: string;
  fundingSourceId: string;
  paymentIntentId: string;
  orderId: string;
  discountCodeId: string;
  handoffId: string;
  faqId: string;
}
interface Targeted {
  document: string;
  variables: (f: Fixture) => Record<string, unknown>;
  /** The owner may do it (proving the arguments point at real data); false for calls that would end the fixture. */
  ownerMay: boolean;
}

const P2P_NONE = '00000000-0000-4000-8000-000000000000';
const FAQ = '{ language: "en", questions: ["do you deliver"], answer: "Yes, every day.", keywords: [] }';
const TARGETED: Record<string, Targeted> = {
  // Kedai Support's staff: platform administrators only (the business owner is not one).
  supportStaff: { document: '{ supportStaff { role } }', variables: () => ({}), ownerMay: false },
  grantSupportAgent: {
    document: 'mutation($p: String!) { grantSupportAgent(phone: $p) { role } }',
    variables: (f) => ({ p: f.owner.phone }),
    ownerMay: false,
  },
  revokeSupportAgent: {
    document: 'mutation($id: ID!) { revokeSupportAgent(personId: $id) }',
    variables: (f) => ({ id: f.owner.personId }),
    ownerMay: false,
  },
  // Support: the business's agents' queue, settings, FAQ and figures.
  supportQueue: {
    document: 'query($b: ID!) { supportQueue(businessId: $b) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  supportHandoff: {
    document: 'query($h: ID!) { supportHandoff(handoffId: $h) { id } }',
    variables: (f) => ({ h: f.handoffId }),
    ownerMay: true,
  },
  supportNotes: {
    document: 'query($h: ID!) { supportNotes(handoffId: $h) { id } }',
    variables: (f) => ({ h: f.handoffId }),
    ownerMay: true,
  },
  addSupportNote: {
    document: 'mutation($h: ID!) { addSupportNote(handoffId: $h, body: "walk") { id } }',
    variables: (f) => ({ h: f.handoffId }),
    ownerMay: true,
  },
  claimConversation: {
    document: 'mutation($h: ID!) { claimConversation(handoffId: $h) { id } }',
    variables: (f) => ({ h: f.handoffId }),
    ownerMay: true,
  },
  handBackConversation: {
    document: 'mutation($h: ID!) { handBackConversation(handoffId: $h) { id } }',
    variables: (f) => ({ h: f.handoffId }),
    ownerMay: false,
  },
  resolveConversation: {
    document: 'mutation($h: ID!) { resolveConversation(handoffId: $h) { id } }',
    variables: (f) => ({ h: f.handoffId }),
    ownerMay: false,
  },
  supportFigures: {
    document: 'query($b: ID!) { supportFigures(businessId: $b) { handoffs } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  setSupportBot: {
    document: 'mutation($b: ID!) { setSupportBot(businessId: $b, enabled: false) }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  supportFaqs: {
    document: 'query($b: ID!) { supportFaqs(businessId: $b) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  addSupportFaq: {
    document: `mutation($b: ID!) { addSupportFaq(businessId: $b, entry: ${FAQ}) { id } }`,
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  updateSupportFaq: {
    document: `mutation($id: ID!) { updateSupportFaq(id: $id, entry: ${FAQ}) { id } }`,
    variables: (f) => ({ id: f.faqId }),
    ownerMay: true,
  },
  deleteSupportFaq: {
    document: 'mutation($id: ID!) { deleteSupportFaq(id: $id) { id } }',
    variables: (f) => ({ id: f.faqId }),
    ownerMay: false,
  },
  supportRefundRequests: {
    document: 'query($b: ID!) { supportRefundRequests(businessId: $b) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  supportPreview: {
    document: 'query($b: ID!) { supportPreview(businessId: $b, text: "where is my order") { intent } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  sendMoney: {
    document:
      'mutation($c: ID!, $r: ID) { sendMoney(conversationId: $c, recipientId: $r, amount: "100", currency: "MYR", idempotencyKey: "walk-send-1") { id } }',
    variables: (f) => ({ c: f.groupId, r: f.groupMemberId }),
    ownerMay: false,
  },
  requestMoney: {
    document: 'mutation($c: ID!) { requestMoney(conversationId: $c, amount: "100", currency: "MYR") { id } }',
    variables: (f) => ({ c: f.groupId }),
    ownerMay: false,
  },
  requestMoneyFromGroup: {
    document:
      'mutation($c: ID!) { requestMoneyFromGroup(conversationId: $c, total: "100", currency: "MYR", split: EVEN) { id } }',
    variables: (f) => ({ c: f.groupId }),
    ownerMay: true,
  },
  transfer: {
    document: 'query($id: ID!) { transfer(id: $id) { id } }',
    variables: () => ({ id: P2P_NONE }),
    ownerMay: false,
  },
  reportTransfer: {
    document: 'mutation($id: ID!) { reportTransfer(transferId: $id, reason: UNAUTHORISED) { id } }',
    variables: () => ({ id: P2P_NONE }),
    ownerMay: false,
  },
  moneyRequest: {
    document: 'query($id: ID!) { moneyRequest(id: $id) { id } }',
    variables: () => ({ id: P2P_NONE }),
    ownerMay: false,
  },
  moneyRequestGroup: {
    document: 'query($id: ID!) { moneyRequestGroup(id: $id) { id } }',
    variables: () => ({ id: P2P_NONE }),
    ownerMay: false,
  },
  payMoneyRequest: {
    document: 'mutation($id: ID!) { payMoneyRequest(requestId: $id, idempotencyKey: "walk-pay-request") { id } }',
    variables: () => ({ id: P2P_NONE }),
    ownerMay: false,
  },
  declineMoneyRequest: {
    document: 'mutation($id: ID!) { declineMoneyRequest(requestId: $id) { id } }',
    variables: () => ({ id: P2P_NONE }),
    ownerMay: false,
  },
  cancelMoneyRequest: {
    document: 'mutation($id: ID!) { cancelMoneyRequest(requestId: $id) { id } }',
    variables: () => ({ id: P2P_NONE }),
    ownerMay: false,
  },
  updateBusiness: {
    document: 'mutation($b: ID!) { updateBusiness(businessId: $b, input: { description: "changed" }) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  // Catalog editor reads: hidden and photo-less products, and collections' full contents.
  businessProducts: {
    document: 'query($b: ID!) { businessProducts(businessId: $b) { edges { node { id } } } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  businessProduct: {
    document: 'query($id: ID!) { businessProduct(id: $id) { id } }',
    variables: (f) => ({ id: f.productId }),
    ownerMay: true,
  },
  businessCollections: {
    document: 'query($b: ID!) { businessCollections(businessId: $b) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  businessMembers: {
    document: 'query($b: ID!) { businessMembers(businessId: $b) { role } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  businessInvitations: {
    document: 'query($b: ID!) { businessInvitations(businessId: $b) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  inviteMember: {
    document: 'mutation($b: ID!, $p: String!) { inviteMember(businessId: $b, phone: $p, role: AGENT) { id } }',
    variables: (f) => ({ b: f.businessId, p: uniquePhone() }),
    ownerMay: true,
  },
  revokeInvitation: {
    document: 'mutation($i: ID!) { revokeInvitation(id: $i) { id } }',
    variables: (f) => ({ i: f.invitationId }),
    ownerMay: false,
  },
  acceptInvitation: {
    document: 'mutation($i: ID!) { acceptInvitation(id: $i) { role } }',
    variables: (f) => ({ i: f.invitationId }),
    ownerMay: false,
  },
  changeMemberRole: {
    document: 'mutation($b: ID!, $p: ID!) { changeMemberRole(businessId: $b, personId: $p, role: AGENT) { role } }',
    variables: (f) => ({ b: f.businessId, p: f.owner.personId }),
    ownerMay: false,
  },
  removeMember: {
    document: 'mutation($b: ID!, $p: ID!) { removeMember(businessId: $b, personId: $p) }',
    variables: (f) => ({ b: f.businessId, p: f.owner.personId }),
    ownerMay: false,
  },
  leaveBusiness: {
    document: 'mutation($b: ID!) { leaveBusiness(businessId: $b) }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: false,
  },
  enableWhatsapp: {
    document: 'mutation($b: ID!) { enableWhatsapp(businessId: $b) { phoneNumberId } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  whatsappChannel: {
    document: 'query($b: ID!) { whatsappChannel(businessId: $b) { phoneNumberId appSecret } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  whatsappWebhookDeliveries: {
    document: 'query($b: ID!) { whatsappWebhookDeliveries(businessId: $b) { id body } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  setWhatsappWebhook: {
    document: 'mutation($b: ID!) { setWhatsappWebhook(businessId: $b, callbackUrl: null, verifyToken: null) { phoneNumberId } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  connectWhatsappNumber: {
    document:
      'mutation($b: ID!) { connectWhatsappNumber(businessId: $b, metaPhoneNumberId: "100200300400500") { phoneNumberId } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  rotateWhatsappAppSecret: {
    document: 'mutation($b: ID!) { rotateWhatsappAppSecret(businessId: $b) { phoneNumberId } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  apiKeys: {
    document: 'query($b: ID!) { apiKeys(businessId: $b) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  createApiKey: {
    document: 'mutation($b: ID!) { createApiKey(businessId: $b, name: "walk", scopes: [ORDERS_READ]) { __typename } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  revokeApiKey: {
    document: 'mutation($k: ID!) { revokeApiKey(id: $k) { id } }',
    variables: (f) => ({ k: f.apiKeyId }),
    ownerMay: false,
  },
  createProduct: {
    document:
      'mutation($b: ID!, $s: String!) { createProduct(businessId: $b, input: { retailerId: $s, name: "Walk", price: "100", currency: "MYR" }) { id } }',
    variables: (f) => ({ b: f.businessId, s: `WALK-${Math.random().toString(36).slice(2)}` }),
    ownerMay: true,
  },
  updateProduct: {
    document: 'mutation($p: ID!) { updateProduct(id: $p, input: { name: "changed" }) { id } }',
    variables: (f) => ({ p: f.productId }),
    ownerMay: true,
  },
  archiveProduct: {
    document: 'mutation($p: ID!) { archiveProduct(id: $p) { id } }',
    variables: (f) => ({ p: f.productId }),
    ownerMay: true,
  },
  setProductPhotos: {
    document: 'mutation($p: ID!, $m: ID!) { setProductPhotos(id: $p, photos: [$m]) { id } }',
    variables: (f) => ({ p: f.optionedProductId, m: f.photoId }),
    ownerMay: true,
  },
  businessInbox: {
    document: 'query($b: ID!) { businessInbox(businessId: $b) { conversations { id } } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  messages: {
    document: 'query($c: ID!) { messages(conversationId: $c) { hasMore } }',
    variables: (f) => ({ c: f.groupId }),
    ownerMay: true,
  },
  sendMessage: {
    document:
      'mutation($c: ID!, $id: String!) { sendMessage(conversationId: $c, clientMessageId: $id, content: { text: { body: "walk" } }) { id } }',
    variables: (f) => ({ c: f.groupId, id: `walk-${Math.random().toString(36).slice(2)}` }),
    ownerMay: true,
  },
  markRead: {
    document: 'mutation($c: ID!) { markRead(conversationId: $c, seq: 1) { readSeq } }',
    variables: (f) => ({ c: f.groupId }),
    ownerMay: true,
  },
  markDelivered: {
    document: 'mutation($c: ID!) { markDelivered(conversationId: $c, seq: 1) { readSeq } }',
    variables: (f) => ({ c: f.groupId }),
    ownerMay: true,
  },
  setTyping: {
    document: 'mutation($c: ID!) { setTyping(conversationId: $c, typing: true) }',
    variables: (f) => ({ c: f.groupId }),
    ownerMay: true,
  },
  deleteMessage: {
    document: 'mutation($m: ID!) { deleteMessage(messageId: $m) { id } }',
    variables: (f) => ({ m: f.messageId }),
    ownerMay: true,
  },
  setConversationPreferences: {
    document: 'mutation($c: ID!) { setConversationPreferences(conversationId: $c, muted: true) { id } }',
    variables: (f) => ({ c: f.groupId }),
    ownerMay: true,
  },
  updateGroup: {
    document: 'mutation($c: ID!) { updateGroup(conversationId: $c, title: "Walkers") { id } }',
    variables: (f) => ({ c: f.groupId }),
    ownerMay: true,
  },
  addGroupMembers: {
    document: 'mutation($c: ID!, $p: ID!) { addGroupMembers(conversationId: $c, personIds: [$p]) { id } }',
    variables: (f) => ({ c: f.groupId, p: f.groupMemberId }),
    ownerMay: true,
  },
  setGroupAdmin: {
    document: 'mutation($c: ID!, $p: ID!) { setGroupAdmin(conversationId: $c, personId: $p, admin: true) { id } }',
    variables: (f) => ({ c: f.groupId, p: f.groupMemberId }),
    ownerMay: true,
  },
  removeGroupMember: {
    document: 'mutation($c: ID!, $p: ID!) { removeGroupMember(conversationId: $c, personId: $p) { id } }',
    variables: (f) => ({ c: f.groupId, p: f.groupMemberId }),
    ownerMay: false,
  },
  leaveGroup: {
    document: 'mutation($c: ID!) { leaveGroup(conversationId: $c) { id } }',
    variables: (f) => ({ c: f.groupId }),
    ownerMay: false,
  },
  setConversationHandler: {
    document: 'mutation($c: ID!) { setConversationHandler(conversationId: $c, agent: true) { handler } }',
    variables: (f) => ({ c: f.shopConversationId }),
    ownerMay: true,
  },
  order: {
    document: 'query($o: ID!) { order(orderId: $o) { id } }',
    variables: (f) => ({ o: f.orderId }),
    ownerMay: true,
  },
  orders: {
    document: 'query($b: ID!) { orders(businessId: $b) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  exportOrders: {
    document: 'query($b: ID!) { exportOrders(businessId: $b) }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  acceptOrder: {
    document: 'mutation($o: ID!) { acceptOrder(orderId: $o) { id } }',
    variables: (f) => ({ o: f.orderId }),
    ownerMay: false,
  },
  transitionOrder: {
    document: 'mutation($o: ID!) { transitionOrder(orderId: $o, to: CANCELED) { id } }',
    variables: (f) => ({ o: f.orderId }),
    ownerMay: false,
  },
  retryOrder: {
    document: 'mutation($o: ID!) { retryOrder(orderId: $o) { id } }',
    variables: (f) => ({ o: f.orderId }),
    ownerMay: false,
  },
  cancelOrder: {
    document: 'mutation($o: ID!) { cancelOrder(orderId: $o) { id } }',
    variables: (f) => ({ o: f.orderId }),
    ownerMay: false,
  },
  acceptOrderPrices: {
    document: 'mutation($o: ID!) { acceptOrderPrices(orderId: $o) { id } }',
    variables: (f) => ({ o: f.orderId }),
    ownerMay: false,
  },
  payOrder: {
    document: 'mutation($o: ID!) { payOrder(orderId: $o, idempotencyKey: "walk-pay-1") { id } }',
    variables: (f) => ({ o: f.orderId }),
    ownerMay: false,
  },
  checkoutSettings: {
    document: 'query($b: ID!) { checkoutSettings(businessId: $b) { autoAccept } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  updateCheckoutSettings: {
    document: 'mutation($b: ID!) { updateCheckoutSettings(businessId: $b, taxRateBp: 600) { taxRateBp } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  setShippingOptions: {
    document: 'mutation($b: ID!) { setShippingOptions(businessId: $b, options: [{ kind: "PICKUP", name: "Counter" }]) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  discountCodes: {
    document: 'query($b: ID!) { discountCodes(businessId: $b) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  createDiscountCode: {
    document:
      'mutation($b: ID!, $c: String!) { createDiscountCode(businessId: $b, code: $c, kind: "FIXED", value: "100") { id } }',
    variables: (f) => ({ b: f.businessId, c: `W${Math.random().toString(36).slice(2, 10)}` }),
    ownerMay: true,
  },
  deactivateDiscountCode: {
    document: 'mutation($d: ID!) { deactivateDiscountCode(id: $d) { id } }',
    variables: (f) => ({ d: f.discountCodeId }),
    ownerMay: true,
  },
  reorderProducts: {
    document: 'mutation($b: ID!, $p: ID!) { reorderProducts(businessId: $b, ids: [$p]) { id } }',
    variables: (f) => ({ b: f.businessId, p: f.productId }),
    ownerMay: true,
  },
  addVariant: {
    document:
      'mutation($p: ID!, $s: String!) { addVariant(productId: $p, input: { sku: $s, options: [{ name: "size", value: $s }] }) { id } }',
    variables: (f) => ({ p: f.optionedProductId, s: `WALK-${Math.random().toString(36).slice(2)}` }),
    ownerMay: true,
  },
  updateVariant: {
    document: 'mutation($v: ID!) { updateVariant(id: $v, input: { stock: 5 }) { id } }',
    variables: (f) => ({ v: f.variantIds[0] }),
    ownerMay: true,
  },
  removeVariant: {
    document: 'mutation($v: ID!) { removeVariant(id: $v) { id } }',
    variables: (f) => ({ v: f.variantIds[1] }),
    ownerMay: false,
  },
  createCollection: {
    document: 'mutation($b: ID!, $n: String!) { createCollection(businessId: $b, name: $n) { id } }',
    variables: (f) => ({ b: f.businessId, n: `Walk ${Math.random().toString(36).slice(2)}` }),
    ownerMay: true,
  },
  renameCollection: {
    document: 'mutation($c: ID!, $n: String!) { renameCollection(id: $c, name: $n) { id } }',
    variables: (f) => ({ c: f.collectionId, n: `Walk ${Math.random().toString(36).slice(2)}` }),
    ownerMay: true,
  },
  setCollectionProducts: {
    document: 'mutation($c: ID!, $p: ID!) { setCollectionProducts(id: $c, productIds: [$p]) { id } }',
    // Not productId: archiveProduct above has archived it, and archived products cannot be added.
    variables: (f) => ({ c: f.collectionId, p: f.optionedProductId }),
    ownerMay: true,
  },
  reorderCollections: {
    document: 'mutation($b: ID!, $c: ID!) { reorderCollections(businessId: $b, ids: [$c]) { id } }',
    variables: (f) => ({ b: f.businessId, c: f.collectionId }),
    ownerMay: true,
  },
  deleteCollection: {
    document: 'mutation($c: ID!) { deleteCollection(id: $c) }',
    variables: (f) => ({ c: f.collectionId }),
    ownerMay: false,
  },
  importCatalog: {
    document: 'mutation($b: ID!) { importCatalog(businessId: $b, csv: "id,title,price\\nWALK-CSV,Walk,1.00 MYR") { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  exportCatalog: {
    document: 'mutation($b: ID!) { exportCatalog(businessId: $b) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  catalogImport: {
    document: 'query($i: ID!) { catalogImport(id: $i) { id status } }',
    variables: (f) => ({ i: f.catalogImportId }),
    ownerMay: true,
  },
  catalogImports: {
    document: 'query($b: ID!) { catalogImports(businessId: $b) { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  setDefaultFundingSource: {
    document: 'mutation($s: ID!) { setDefaultFundingSource(id: $s) { id } }',
    variables: (f) => ({ s: f.fundingSourceId }),
    ownerMay: true,
  },
  removeFundingSource: {
    document: 'mutation($s: ID!) { removeFundingSource(id: $s) { id } }',
    variables: (f) => ({ s: f.fundingSourceId }),
    ownerMay: false,
  },
  paymentIntent: {
    document: 'query($i: ID!) { paymentIntent(id: $i) { id state } }',
    variables: (f) => ({ i: f.paymentIntentId }),
    ownerMay: true,
  },
  confirmPaymentIntent: {
    document: 'mutation($i: ID!) { confirmPaymentIntent(id: $i) { id } }',
    variables: (f) => ({ i: f.paymentIntentId }),
    ownerMay: false,
  },
  completeThreeDSChallenge: {
    document: 'mutation($i: ID!) { completeThreeDSChallenge(id: $i, passed: true) { id } }',
    variables: (f) => ({ i: f.paymentIntentId }),
    ownerMay: false,
  },
  capturePaymentIntent: {
    document: 'mutation($i: ID!) { capturePaymentIntent(id: $i, amount: "1") { id } }',
    variables: (f) => ({ i: f.paymentIntentId }),
    ownerMay: false,
  },
  cancelPaymentIntent: {
    document: 'mutation($i: ID!) { cancelPaymentIntent(id: $i) { id } }',
    variables: (f) => ({ i: f.paymentIntentId }),
    ownerMay: false,
  },
  refundPayment: {
    document: 'mutation($i: ID!) { refundPayment(id: $i, amount: "1") { id } }',
    variables: (f) => ({ i: f.paymentIntentId }),
    ownerMay: false,
  },
  payoutAccount: {
    document: 'query($b: ID!) { payoutAccount(businessId: $b) { accountLast4 } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  setPayoutAccount: {
    document:
      'mutation($b: ID!) { setPayoutAccount(businessId: $b, input: { holderName: "Walk", bankName: "Walk Bank", accountNumber: "12345678" }) { businessId } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  merchantBalance: {
    document: 'query($b: ID!) { merchantBalance(businessId: $b, currency: "MYR") { available { amount } } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  merchantTransactions: {
    document: 'query($b: ID!) { merchantTransactions(businessId: $b, currency: "MYR") { id } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  paymentsReconciliation: {
    document: 'query($b: ID!) { paymentsReconciliation(businessId: $b, currency: "MYR") { balanced } }',
    variables: (f) => ({ b: f.businessId }),
    ownerMay: true,
  },
  revokeSession: {
    document: 'mutation($s: ID!) { revokeSession(id: $s) }',
    variables: (f) => ({ s: f.owner.sessionId }),
    ownerMay: false,
  },
};

const REFUSED = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'PLATFORM_ADMIN_REQUIRED'];
const codeOf = (res: { body: { errors?: { extensions: { code: string } }[] } }) => res.body.errors?.[0]?.extensions.code;

describe('authorisation walk over the whole schema', () => {
  let env: TestEnv;
  let api: INestApplication;
  let fixture: Fixture;
  let stranger: SignedIn;
  let otherMember: SignedIn;
  let otherApiKey: string;

  async function businessOf(person: SignedIn, handle: string): Promise<string> {
    const res = await gql(
      api,
      'mutation($i: CreateBusinessInput!) { createBusiness(input: $i) { id } }',
      { i: { handle, name: `Shop ${handle}`, currency: 'MYR', country: 'MY' } },
      person.auth,
    );
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.createBusiness.id as string;
  }

  /** A group the owner runs with one other person, a message of the owner's in it, and a shopper's chat with the business. */
  async function chatFixture(owner: SignedIn, businessId: string) {
    const member = await signIn(env, api);
    const shopper = await signIn(env, api);
    const group = await gql(
      api,
      'mutation($p: ID!) { createGroup(title: "Walk", memberIds: [$p]) { id } }',
      { p: member.personId },
      owner.auth,
    );
    const groupId = group.body.data.createGroup.id as string;
    const sent = await gql(
      api,
      'mutation($c: ID!) { sendMessage(conversationId: $c, clientMessageId: "walk-fixture", content: { text: { body: "hi" } }) { id } }',
      { c: groupId },
      owner.auth,
    );
    const shopChat = await gql(
      api,
      'mutation($b: ID!) { startBusinessConversation(businessId: $b) { id } }',
      { b: businessId },
      shopper.auth,
    );
    const photo = await uploadPhoto(api, owner.auth, businessId);
    const sellable = await gql(
      api,
      'mutation($b: ID!, $p: ID!) { createProduct(businessId: $b, input: { retailerId: "WALK-CUP", name: "Cup", price: "100", currency: "MYR", photos: [$p] }) { variants { id } } }',
      { b: businessId, p: photo },
      owner.auth,
    );
    await gql(
      api,
      'mutation($v: ID!) { addToCart(variantId: $v) { orderable } }',
      { v: sellable.body.data.createProduct.variants[0].id },
      shopper.auth,
    );
    const order = await gql(
      api,
      'mutation($b: ID!) { sendOrder(businessId: $b, idempotencyKey: "walk-order-1") { id } }',
      { b: businessId },
      shopper.auth,
    );
    const code = await gql(
      api,
      'mutation($b: ID!) { createDiscountCode(businessId: $b, code: "WALK10", kind: "PERCENT", value: "1000") { id } }',
      { b: businessId },
      owner.auth,
    );
    return {
      orderId: order.body.data.sendOrder.id as string,
      discountCodeId: code.body.data.createDiscountCode.id as string,
      groupId,
      groupMemberId: member.personId,
      messageId: sent.body.data.sendMessage.id as string,
      shopConversationId: shopChat.body.data.startBusinessConversation.id as string,
    };
  }

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
    const owner = await signIn(env, api);
    const businessId = await businessOf(owner, 'walk.target');
    const key = await gql(
      api,
      'mutation($b: ID!) { createApiKey(businessId: $b, name: "bot", scopes: [ORDERS_READ]) { apiKey { id } key } }',
      { b: businessId },
      owner.auth,
    );
    const invite = await gql(
      api,
      'mutation($b: ID!, $p: String!) { inviteMember(businessId: $b, phone: $p, role: ADMIN) { id } }',
      { b: businessId, p: uniquePhone() },
      owner.auth,
    );
    const product = await gql(
      api,
      'mutation($b: ID!) { createProduct(businessId: $b, input: { retailerId: "WALK", name: "Walk", price: "100", currency: "MYR" }) { id } }',
      { b: businessId },
      owner.auth,
    );
    const catalogExport = await gql(
      api,
      'mutation($b: ID!) { exportCatalog(businessId: $b) { id } }',
      { b: businessId },
      owner.auth,
    );
    const optioned = await gql(
      api,
      `mutation($b: ID!) { createProduct(businessId: $b, input: { retailerId: "WALK-T", name: "Walk tee", price: "100", currency: "MYR",
        variants: [{ sku: "WALK-T-S", options: [{ name: "size", value: "S" }] }, { sku: "WALK-T-M", options: [{ name: "size", value: "M" }] }] })
        { id variants { id } } }`,
      { b: businessId },
      owner.auth,
    );
    const collection = await gql(
      api,
      'mutation($b: ID!) { createCollection(businessId: $b, name: "Walk") { id } }',
      { b: businessId },
      owner.auth,
    );
    // Payments: the owner pays their own business (authorised, not captured) with a saved card.
    await gql(api, 'mutation { updateProfile(input: { dateOfBirth: "1990-01-01" }) { id } }', {}, owner.auth);
    await gql(
      api,
      'mutation($b: ID!) { setPayoutAccount(businessId: $b, input: { holderName: "Walk", bankName: "Walk Bank", accountNumber: "12345678" }) { businessId } }',
      { b: businessId },
      owner.auth,
    );
    const card = await gql(
      api,
      'mutation { addCard(input: { number: "4242424242424242", expMonth: 12, expYear: 2034, cvc: "123" }) { id } }',
      {},
      owner.auth,
    );
    const paying = await gql(
      api,
      `mutation($b: ID!) { createPaymentIntent(input: { businessId: $b, amount: "1000", currency: "MYR", captureMethod: MANUAL,
        purpose: { kind: ORDER, referenceId: "walk-order" } }) { id } }`,
      { b: businessId },
      owner.auth,
    );
    await gql(
      api,
      'mutation($i: ID!) { confirmPaymentIntent(id: $i) { state } }',
      { i: paying.body.data.createPaymentIntent.id },
      owner.auth,
    );
    fixture = {
      fundingSourceId: card.body.data.addCard.id,
      paymentIntentId: paying.body.data.createPaymentIntent.id,
      owner,
      businessId,
      apiKeyId: key.body.data.createApiKey.apiKey.id,
      invitationId: invite.body.data.inviteMember.id,
      productId: product.body.data.createProduct.id,
      catalogImportId: catalogExport.body.data.exportCatalog.id,
      optionedProductId: optioned.body.data.createProduct.id,
      variantIds: optioned.body.data.createProduct.variants.map((v: { id: string }) => v.id),
      collectionId: collection.body.data.createCollection.id,
      photoId: await uploadPhoto(api, owner.auth, businessId),
      ...(await chatFixture(owner, businessId)),
      handoffId: '',
      faqId: (
        await gql(api, `mutation($b: ID!) { addSupportFaq(businessId: $b, entry: ${FAQ}) { id } }`, { b: businessId }, owner.auth)
      ).body.data.addSupportFaq.id,
    };
    // A conversation the bot handed over (as the worker's bot would, which this file does not run).
    const { rows } = await (
      await env.sql()
    ).query(
      `insert into support_handoff (id, conversation_id, business_id, person_id, reason, language, summary)
       select gen_random_uuid(), c.id, c.business_id, m.person_id, 'asked', 'en', 'walk' from conversation c
         join conversation_member m on m.conversation_id = c.id where c.id = $1 returning id`,
      [fixture.shopConversationId],
    );
    fixture.handoffId = rows[0].id as string;

    stranger = await signIn(env, api);
    otherMember = await signIn(env, api);
    const otherBusiness = await businessOf(otherMember, 'walk.other');
    const otherKey = await gql(
      api,
      `mutation($b: ID!) { createApiKey(businessId: $b, name: "all", scopes: [BUSINESS_EDIT, MEMBERS_MANAGE, APIKEYS_MANAGE, ORDERS_READ, CATALOG_WRITE]) { key } }`,
      { b: otherBusiness },
      otherMember.auth,
    );
    otherApiKey = otherKey.body.data.createApiKey.key;
  });
  afterAll(() => env.close());

  it('lists every operation of the schema exactly once', async () => {
    const names = (await allOperations(api)).map((o) => o.name).sort();
    const listed = [...PUBLIC, ...SELF, ...Object.keys(TARGETED)].sort();
    expect(new Set(listed).size).toBe(listed.length);
    // A failure here names the operation to add above, with a call that targets someone else's data.
    expect(names).toEqual(listed);
  });

  it('refuses every non-public operation to an anonymous caller', async () => {
    for (const op of await allOperations(api)) {
      if (PUBLIC.includes(op.name)) continue;
      const res = await gql(api, op.document);
      expect({ op: op.name, code: codeOf(res) }).toEqual({ op: op.name, code: 'UNAUTHENTICATED' });
    }
  });

  for (const [name, op] of Object.entries(TARGETED)) {
    it(`${name}: refused to a stranger, to a member of another business and to another business's API key`, async () => {
      const callers: [string, Record<string, string>][] = [
        ['stranger', stranger.auth],
        ['member of another business', otherMember.auth],
        ['API key of another business', { 'x-api-key': otherApiKey }],
      ];
      for (const [who, headers] of callers) {
        const res = await gql(api, op.document, op.variables(fixture), headers);
        expect({ who, refused: REFUSED.includes(codeOf(res) ?? 'none'), errors: res.body.errors?.length ?? 0 }).toEqual({
          who,
          refused: true,
          errors: 1,
        });
      }
      if (op.ownerMay) {
        const res = await gql(api, op.document, op.variables(fixture), fixture.owner.auth);
        expect({ owner: codeOf(res) }).toEqual({ owner: undefined });
      }
    });
  }
});
