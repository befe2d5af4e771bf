import { graphql } from '../gql';

export const MoneyFields = graphql(`
  fragment MoneyFields on Money {
    amount
    currency
    formatted
  }
`);

export const MessageFields = graphql(`
  fragment MessageFields on Message {
    id
    seq
    conversationId
    clientMessageId
    kind
    senderKind
    senderPersonId
    senderBusinessId
    createdAt
    deletedAt
    status
    failedReason
    content {
      __typename
      ... on TextContent {
        body
      }
      ... on ImageContent {
        caption
        mediaId
        photo {
          id
          width
          height
          medium {
            webp
            jpeg
          }
        }
      }
      ... on ProductContent {
        productId
        productBody: body
        footer
      }
      ... on ProductListContent {
        listHeader: header
        body
        footer
        productSections: sections {
          title
          productIds
        }
      }
      ... on CatalogContent {
        body
        footer
        thumbnailProductId
      }
      ... on InteractiveContent {
        type
        header
        body
        footer
        listButton
        buttons {
          id
          title
        }
        sections {
          title
          rows {
            id
            title
            description
          }
        }
      }
      ... on InteractiveReplyContent {
        id
        title
        replyToMessageId
      }
      ... on OrderContent {
        orderId
        businessId
        note
        items {
          name
          quantity
        }
        subtotal {
          amount
          currency
        }
      }
      ... on OrderDetailsContent {
        orderId
        referenceId
        status
        payBy: expiresAt
        subtotal {
          amount
          currency
        }
        discount {
          amount
          currency
        }
        tax {
          amount
          currency
        }
        shipping {
          amount
          currency
        }
        total {
          amount
          currency
        }
      }
      ... on OrderStatusContent {
        orderId
        referenceId
        status
        note
      }
      ... on PaymentContent {
        paymentId
        status
        note
        amount {
          amount
          currency
        }
      }
      ... on PaymentRequestContent {
        requestId
        status
        note
        requestExpiresAt: expiresAt
        amount {
          amount
          currency
        }
      }
      ... on SystemContent {
        event
        text
      }
    }
  }
`);

export const ConversationFields = graphql(`
  fragment ConversationFields on Conversation {
    id
    kind
    title
    photoUrl
    businessId
    business {
      id
      name
      handle
      logoUrl
      currency
    }
    handler
    handlerPersonId
    lastSeq
    lastMessageAt
    lastMessagePreview
    unreadCount
    readSeq
    muted
    archived
    members {
      personId
      displayName
      role
      lastReadSeq
      lastDeliveredSeq
    }
  }
`);

export const ProductFields = graphql(`
  fragment ProductFields on Product {
    id
    name
    description
    availability
    businessId
    retailerId
    price {
      ...MoneyFields
    }
    salePrice {
      ...MoneyFields
    }
    shownPrice {
      ...MoneyFields
    }
    photos {
      id
      thumbnail {
        webp
        jpeg
      }
      medium {
        webp
        jpeg
      }
    }
    variants {
      id
      sku
      stock
      options {
        name
        value
      }
      shownPrice {
        ...MoneyFields
      }
    }
  }
`);

export const CartFields = graphql(`
  fragment CartFields on Cart {
    businessId
    orderable
    subtotal {
      ...MoneyFields
    }
    lines {
      variantId
      productId
      name
      sku
      quantity
      problem
      unitPrice {
        ...MoneyFields
      }
      lineTotal {
        ...MoneyFields
      }
    }
  }
`);

/** What the orders board shows per card; the detail reads the whole order. */
export const OrderCardFields = graphql(`
  fragment OrderCardFields on Order {
    id
    referenceId
    status
    createdAt
    hold
    botError
    total {
      amount
      currency
    }
    lines {
      quantity
    }
  }
`);

export const OrderFields = graphql(`
  fragment OrderFields on Order {
    id
    referenceId
    status
    businessId
    conversationId
    personId
    createdAt
    expiresAt
    note
    hold
    botError
    discountCode
    lines {
      lineNo
      name
      sku
      quantity
      unitPrice {
        ...MoneyFields
      }
    }
    subtotal {
      ...MoneyFields
    }
    discount {
      ...MoneyFields
    }
    tax {
      ...MoneyFields
    }
    shipping {
      ...MoneyFields
    }
    total {
      ...MoneyFields
    }
    transitions {
      from
      to
      at
      actor
      note
    }
  }
`);

export const FundingSourceFields = graphql(`
  fragment FundingSourceFields on FundingSource {
    id
    kind
    label
    brand
    last4
    expMonth
    expYear
    isDefault
    currency
  }
`);

export const IntentFields = graphql(`
  fragment IntentFields on PaymentIntent {
    id
    state
    failureCode
    failureMessage
    nextAction {
      type
      challengeId
    }
    amount {
      ...MoneyFields
    }
    amountRefunded {
      ...MoneyFields
    }
    purpose {
      kind
      referenceId
    }
  }
`);
