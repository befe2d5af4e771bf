import { graphql } from '../gql';

// Sign-in and the person
export const RequestCode = graphql(`
  mutation RequestCode($phone: String!) {
    requestSignInCode(phone: $phone) {
      phone
      expiresAt
    }
  }
`);
export const VerifyCode = graphql(`
  mutation VerifyCode($phone: String!, $code: String!) {
    verifySignInCode(phone: $phone, code: $code) {
      accessToken
      refreshToken
      accessTokenExpiresAt
      newAccount
    }
  }
`);
export const SignOut = graphql(`
  mutation SignOut {
    signOut
  }
`);
export const Me = graphql(`
  query Me {
    me {
      id
      phone
      displayName
      handle
      dateOfBirth
      country
      platformAdmin
    }
    myBusinesses {
      businessId
      role
      permissions
      business {
        id
        name
        handle
        currency
      }
    }
  }
`);
export const UpdateProfile = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      displayName
      handle
      dateOfBirth
      country
    }
  }
`);

// Conversations and messages
export const Conversations = graphql(`
  query Conversations($after: String) {
    conversations(first: 50, after: $after) {
      conversations {
        ...ConversationFields
      }
      hasNextPage
      endCursor
    }
  }
`);
export const ChatEvents = graphql(`
  subscription ChatEvents {
    chatEvents {
      type
      conversationId
      seq
    }
  }
`);
export const Messages = graphql(`
  query Messages($conversationId: ID!, $beforeSeq: Int, $afterSeq: Int) {
    messages(conversationId: $conversationId, beforeSeq: $beforeSeq, afterSeq: $afterSeq, first: 12) {
      hasMore
      messages {
        ...MessageFields
      }
    }
  }
`);
export const ConversationEvents = graphql(`
  subscription ConversationEvents($conversationId: ID!, $afterSeq: Int) {
    conversationEvents(conversationId: $conversationId, afterSeq: $afterSeq) {
      type
      conversationId
      seq
      personId
      businessId
      typing
      readSeq
      deliveredSeq
      messageId
      change
      message {
        ...MessageFields
      }
    }
  }
`);
export const SendMessage = graphql(`
  mutation SendMessage($conversationId: ID!, $clientMessageId: String!, $content: MessageInput!) {
    sendMessage(conversationId: $conversationId, clientMessageId: $clientMessageId, content: $content) {
      ...MessageFields
    }
  }
`);
export const MarkRead = graphql(`
  mutation MarkRead($conversationId: ID!, $seq: Int!) {
    markRead(conversationId: $conversationId, seq: $seq) {
      readSeq
      unreadCount
    }
  }
`);
export const SetTyping = graphql(`
  mutation SetTyping($conversationId: ID!, $typing: Boolean!) {
    setTyping(conversationId: $conversationId, typing: $typing)
  }
`);
export const StartBusinessConversation = graphql(`
  mutation StartBusinessConversation($businessId: ID!) {
    startBusinessConversation(businessId: $businessId) {
      ...ConversationFields
    }
  }
`);
export const StartDirectConversation = graphql(`
  mutation StartDirectConversation($phone: String!) {
    startDirectConversation(phone: $phone) {
      ...ConversationFields
    }
  }
`);
export const CreateGroup = graphql(`
  mutation CreateGroup($title: String!, $memberIds: [ID!]!) {
    createGroup(title: $title, memberIds: $memberIds) {
      ...ConversationFields
    }
  }
`);
export const BusinessByHandle = graphql(`
  query BusinessByHandle($handle: String!) {
    business(handle: $handle) {
      id
      name
      handle
      description
      currency
      logoUrl
    }
  }
`);

// Catalog and cart
export const Catalog = graphql(`
  query Catalog($handle: String!, $after: String, $collectionId: ID) {
    catalog(handle: $handle, first: 20, after: $after, collectionId: $collectionId) {
      edges {
        node {
          ...ProductFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    collections(handle: $handle) {
      id
      name
      productCount
    }
  }
`);
export const SearchProducts = graphql(`
  query SearchProducts($handle: String!, $query: String!) {
    searchProducts(handle: $handle, query: $query, first: 20) {
      edges {
        node {
          ...ProductFields
        }
      }
    }
  }
`);
export const ProductById = graphql(`
  query ProductById($id: ID!) {
    product(id: $id) {
      ...ProductFields
    }
  }
`);
export const CartQuery = graphql(`
  query Cart($businessId: ID!) {
    cart(businessId: $businessId) {
      ...CartFields
    }
    shippingOptions(businessId: $businessId) {
      id
      name
      kind
      fee
      freeOver
    }
  }
`);
export const AddToCart = graphql(`
  mutation AddToCart($variantId: ID!, $quantity: Int!) {
    addToCart(variantId: $variantId, quantity: $quantity) {
      ...CartFields
    }
  }
`);
export const SetCartQuantity = graphql(`
  mutation SetCartQuantity($variantId: ID!, $quantity: Int!) {
    setCartQuantity(variantId: $variantId, quantity: $quantity) {
      ...CartFields
    }
  }
`);
export const RemoveFromCart = graphql(`
  mutation RemoveFromCart($businessId: ID!, $variantId: ID!) {
    removeFromCart(businessId: $businessId, variantId: $variantId) {
      ...CartFields
    }
  }
`);
export const SendOrder = graphql(`
  mutation SendOrder($businessId: ID!, $idempotencyKey: String!, $note: String, $discountCode: String, $shippingOptionId: ID) {
    sendOrder(
      businessId: $businessId
      idempotencyKey: $idempotencyKey
      note: $note
      discountCode: $discountCode
      shippingOptionId: $shippingOptionId
    ) {
      ...OrderFields
    }
  }
`);

// Orders and paying
export const OrderQuery = graphql(`
  query Order($orderId: ID!) {
    order(orderId: $orderId) {
      ...OrderFields
    }
  }
`);
export const PaySetup = graphql(`
  query PaySetup {
    myFundingSources {
      ...FundingSourceFields
    }
    paymentPinStatus {
      set
      lockedUntil
    }
    paymentEligibility {
      eligible
      reason
    }
  }
`);
export const AddCard = graphql(`
  mutation AddCard($input: AddCardInput!) {
    addCard(input: $input) {
      ...FundingSourceFields
    }
  }
`);
export const SetPin = graphql(`
  mutation SetPin($pin: String!) {
    setPaymentPin(pin: $pin) {
      set
    }
  }
`);
export const PayOrder = graphql(`
  mutation PayOrder($orderId: ID!, $idempotencyKey: String!, $fundingSourceId: ID, $pin: String) {
    payOrder(orderId: $orderId, idempotencyKey: $idempotencyKey, fundingSourceId: $fundingSourceId, pin: $pin) {
      ...IntentFields
    }
  }
`);
export const CompleteChallenge = graphql(`
  mutation CompleteChallenge($id: ID!, $passed: Boolean!) {
    completeThreeDSChallenge(id: $id, passed: $passed) {
      ...IntentFields
    }
  }
`);
export const CancelOrder = graphql(`
  mutation CancelOrder($orderId: ID!) {
    cancelOrder(orderId: $orderId) {
      ...OrderFields
    }
  }
`);
export const AcceptOrderPrices = graphql(`
  mutation AcceptOrderPrices($orderId: ID!) {
    acceptOrderPrices(orderId: $orderId) {
      ...OrderFields
    }
  }
`);
