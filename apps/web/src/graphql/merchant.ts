import { graphql } from '../gql';

export const Orders = graphql(`
  query Orders($businessId: ID!, $status: OrderStatus) {
    orders(businessId: $businessId, status: $status, first: 100) {
      ...OrderCardFields
    }
  }
`);
export const TransitionOrder = graphql(`
  mutation TransitionOrder($orderId: ID!, $to: OrderStatus!, $note: String!) {
    transitionOrder(orderId: $orderId, to: $to, note: $note) {
      ...OrderFields
    }
  }
`);
export const AcceptOrder = graphql(`
  mutation AcceptOrder($orderId: ID!) {
    acceptOrder(orderId: $orderId) {
      ...OrderFields
    }
  }
`);
export const RetryOrder = graphql(`
  mutation RetryOrder($orderId: ID!) {
    retryOrder(orderId: $orderId) {
      ...OrderFields
    }
  }
`);
export const ExportOrders = graphql(`
  query ExportOrders($businessId: ID!, $status: OrderStatus) {
    exportOrders(businessId: $businessId, status: $status, first: 1000)
  }
`);
export const BusinessInbox = graphql(`
  query BusinessInbox($businessId: ID!) {
    businessInbox(businessId: $businessId, first: 50) {
      conversations {
        ...ConversationFields
      }
      hasNextPage
      endCursor
    }
  }
`);
export const SetConversationHandler = graphql(`
  mutation SetConversationHandler($conversationId: ID!, $agent: Boolean!) {
    setConversationHandler(conversationId: $conversationId, agent: $agent) {
      ...ConversationFields
    }
  }
`);
export const OrderChanged = graphql(`
  subscription OrderChanged($businessId: ID!) {
    orderChanged(businessId: $businessId) {
      orderId
      status
    }
  }
`);
export const OrderPayment = graphql(`
  query OrderPayment($orderId: ID!) {
    order(orderId: $orderId) {
      id
      payment {
        id
        state
        amountCaptured {
          ...MoneyFields
        }
        amountRefunded {
          ...MoneyFields
        }
        amountDisputed {
          ...MoneyFields
        }
      }
    }
  }
`);
export const RefundPayment = graphql(`
  mutation RefundPayment($id: ID!, $amount: String, $reason: String, $idempotencyKey: String) {
    refundPayment(id: $id, amount: $amount, reason: $reason, idempotencyKey: $idempotencyKey) {
      id
      state
      amountRefunded {
        ...MoneyFields
      }
    }
  }
`);
