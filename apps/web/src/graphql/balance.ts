import { graphql } from '../gql';

export const OlderTransactions = graphql(`
  query OlderTransactions($businessId: ID!, $currency: String!, $before: ID!) {
    merchantTransactions(businessId: $businessId, currency: $currency, before: $before, first: 50) {
      id
      kind
      account
      createdAt
      intentId
      amount {
        ...MoneyFields
      }
    }
  }
`);
