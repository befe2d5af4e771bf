import { graphql } from '../gql';

export const CheckoutSettingsQuery = graphql(`
  query CheckoutSettings($businessId: ID!) {
    checkoutSettings(businessId: $businessId) {
      autoAccept
      taxRateBp
      language
      paymentWindowS
    }
    shippingOptions(businessId: $businessId) {
      id
      name
      kind
      fee
      freeOver
    }
    discountCodes(businessId: $businessId) {
      id
      code
      kind
      value
      active
      used
      maxUses
    }
  }
`);
export const UpdateCheckoutSettings = graphql(`
  mutation UpdateCheckoutSettings(
    $businessId: ID!
    $autoAccept: Boolean
    $taxRateBp: Int
    $language: String
    $paymentWindowS: Int
  ) {
    updateCheckoutSettings(
      businessId: $businessId
      autoAccept: $autoAccept
      taxRateBp: $taxRateBp
      language: $language
      paymentWindowS: $paymentWindowS
    ) {
      autoAccept
      taxRateBp
      language
      paymentWindowS
    }
  }
`);
export const CreateDiscountCode = graphql(`
  mutation CreateDiscountCode($businessId: ID!, $code: String!, $kind: String!, $value: String!) {
    createDiscountCode(businessId: $businessId, code: $code, kind: $kind, value: $value) {
      id
      code
      kind
      value
      active
      used
      maxUses
    }
  }
`);
export const DeactivateDiscountCode = graphql(`
  mutation DeactivateDiscountCode($id: ID!) {
    deactivateDiscountCode(id: $id) {
      id
      active
    }
  }
`);
export const Balance = graphql(`
  query Balance($businessId: ID!, $currency: String!) {
    merchantBalance(businessId: $businessId, currency: $currency) {
      available {
        ...MoneyFields
      }
      held {
        ...MoneyFields
      }
    }
    merchantTransactions(businessId: $businessId, currency: $currency, first: 50) {
      id
      kind
      account
      createdAt
      amount {
        ...MoneyFields
      }
    }
    paymentsReconciliation(businessId: $businessId, currency: $currency) {
      balanced
      intents
      mismatchedIntentIds
      captured {
        ...MoneyFields
      }
      refunded {
        ...MoneyFields
      }
      fees {
        ...MoneyFields
      }
    }
  }
`);
export const ApiKeys = graphql(`
  query ApiKeys($businessId: ID!) {
    apiKeys(businessId: $businessId) {
      id
      name
      prefix
      scopes
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);
export const CreateApiKey = graphql(`
  mutation CreateApiKey($businessId: ID!, $name: String!, $scopes: [BusinessPermission!]!) {
    createApiKey(businessId: $businessId, name: $name, scopes: $scopes) {
      key
      apiKey {
        id
        name
        prefix
        scopes
        createdAt
        lastUsedAt
        revokedAt
      }
    }
  }
`);
export const RevokeApiKey = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);
export const Members = graphql(`
  query Members($businessId: ID!) {
    businessMembers(businessId: $businessId) {
      personId
      role
      joinedAt
      person {
        displayName
        handle
      }
    }
    businessInvitations(businessId: $businessId) {
      id
      phone
      role
      status
      expiresAt
    }
  }
`);
export const InviteMember = graphql(`
  mutation InviteMember($businessId: ID!, $phone: String!, $role: InvitableRole!) {
    inviteMember(businessId: $businessId, phone: $phone, role: $role) {
      id
      phone
      role
      status
      expiresAt
    }
  }
`);
export const RevokeInvitation = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id) {
      id
      status
    }
  }
`);
export const RemoveMember = graphql(`
  mutation RemoveMember($businessId: ID!, $personId: ID!) {
    removeMember(businessId: $businessId, personId: $personId)
  }
`);
