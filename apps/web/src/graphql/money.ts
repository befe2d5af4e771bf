import { graphql } from '../gql';

export const TransferFields = graphql(`
  fragment TransferFields on Transfer {
    id
    status
    note
    createdAt
    senderId
    recipientId
    conversationId
    intentId
    failureCode
    failureMessage
    amount {
      ...MoneyFields
    }
  }
`);
export const SendMoney = graphql(`
  mutation SendMoney(
    $conversationId: ID!
    $amount: String!
    $currency: String!
    $idempotencyKey: String!
    $fundingSourceId: ID
    $pin: String
    $note: String
    $recipientId: ID
  ) {
    sendMoney(
      conversationId: $conversationId
      amount: $amount
      currency: $currency
      idempotencyKey: $idempotencyKey
      fundingSourceId: $fundingSourceId
      pin: $pin
      note: $note
      recipientId: $recipientId
    ) {
      ...TransferFields
    }
  }
`);
export const RequestMoney = graphql(`
  mutation RequestMoney($conversationId: ID!, $amount: String!, $currency: String!, $note: String) {
    requestMoney(conversationId: $conversationId, amount: $amount, currency: $currency, note: $note) {
      id
      status
    }
  }
`);
export const RequestMoneyFromGroup = graphql(`
  mutation RequestMoneyFromGroup(
    $conversationId: ID!
    $currency: String!
    $total: String!
    $split: SplitKind!
    $amounts: [String!]
    $memberIds: [ID!]
    $note: String
  ) {
    requestMoneyFromGroup(
      conversationId: $conversationId
      currency: $currency
      total: $total
      split: $split
      amounts: $amounts
      memberIds: $memberIds
      note: $note
    ) {
      id
      split
      total {
        ...MoneyFields
      }
      parts {
        id
        payerId
        amount {
          ...MoneyFields
        }
      }
    }
  }
`);
export const MoneyRequestQuery = graphql(`
  query MoneyRequest($id: ID!) {
    moneyRequest(id: $id) {
      id
      status
      note
      payerId
      requesterId
      expiresAt
      groupId
      amount {
        ...MoneyFields
      }
    }
  }
`);
export const PayMoneyRequest = graphql(`
  mutation PayMoneyRequest($requestId: ID!, $idempotencyKey: String!, $fundingSourceId: ID, $pin: String) {
    payMoneyRequest(requestId: $requestId, idempotencyKey: $idempotencyKey, fundingSourceId: $fundingSourceId, pin: $pin) {
      id
      status
      transferId
    }
  }
`);
export const DeclineMoneyRequest = graphql(`
  mutation DeclineMoneyRequest($requestId: ID!) {
    declineMoneyRequest(requestId: $requestId) {
      id
      status
    }
  }
`);
export const TransferQuery = graphql(`
  query Transfer($id: ID!) {
    transfer(id: $id) {
      ...TransferFields
    }
  }
`);
export const IntentQuery = graphql(`
  query Intent($id: ID!) {
    paymentIntent(id: $id) {
      ...IntentFields
    }
  }
`);
export const MyMoney = graphql(`
  query MyMoney($currency: String!) {
    myPaymentLink {
      handle
      url
      qrSvg
      qrPng
    }
    kedaiWalletBalance(currency: $currency) {
      ...MoneyFields
    }
    myTransfers(first: 20) {
      ...TransferFields
    }
    myMoneyRequests(first: 20) {
      id
      status
      note
      payerId
      requesterId
      conversationId
      createdAt
      amount {
        ...MoneyFields
      }
    }
  }
`);
export const OpenPaymentLink = graphql(`
  query OpenPaymentLink($token: String!) {
    openPaymentLink(token: $token) {
      kind
      status
      note
      expiresAt
      amount {
        ...MoneyFields
      }
      recipient {
        id
        kind
        name
        handle
      }
    }
  }
`);
export const PayPaymentLink = graphql(`
  mutation PayPaymentLink($token: String!, $idempotencyKey: String!, $fundingSourceId: ID, $pin: String) {
    payPaymentLink(token: $token, idempotencyKey: $idempotencyKey, fundingSourceId: $fundingSourceId, pin: $pin) {
      ...TransferFields
    }
  }
`);
export const StartDirectWith = graphql(`
  mutation StartDirectWith($personId: ID!) {
    startDirectConversation(personId: $personId) {
      id
    }
  }
`);
export const MoneyRequestGroupQuery = graphql(`
  query MoneyRequestGroup($id: ID!) {
    moneyRequestGroup(id: $id) {
      id
      note
      split
      requesterId
      paidCount
      total {
        ...MoneyFields
      }
      paid {
        ...MoneyFields
      }
      parts {
        id
        payerId
        status
        amount {
          ...MoneyFields
        }
      }
    }
  }
`);
