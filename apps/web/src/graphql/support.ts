import { graphql } from '../gql';

export const HandoffFields = graphql(`
  fragment HandoffFields on SupportHandoff {
    id
    conversationId
    personId
    agentId
    status
    reason
    intent
    language
    summary
    waitingSeconds
    createdAt
    claimedAt
  }
`);
export const SupportQueue = graphql(`
  query SupportQueue($businessId: ID!) {
    supportQueue(businessId: $businessId) {
      ...HandoffFields
    }
  }
`);
export const SupportQueueChanged = graphql(`
  subscription SupportQueueChanged($businessId: ID!) {
    supportQueueChanged(businessId: $businessId) {
      handoffId
      conversationId
      status
    }
  }
`);
export const SupportFiguresQuery = graphql(`
  query SupportFigures($businessId: ID!) {
    supportFigures(businessId: $businessId) {
      answered
      handoffs
      resolved
      botResolutionRate
      medianWaitSeconds
    }
  }
`);
export const SupportNotes = graphql(`
  query SupportNotes($handoffId: ID!) {
    supportNotes(handoffId: $handoffId) {
      id
      authorId
      body
      createdAt
    }
  }
`);
export const AddSupportNote = graphql(`
  mutation AddSupportNote($handoffId: ID!, $body: String!) {
    addSupportNote(handoffId: $handoffId, body: $body) {
      id
      authorId
      body
      createdAt
    }
  }
`);
export const ClaimConversation = graphql(`
  mutation ClaimConversation($handoffId: ID!) {
    claimConversation(handoffId: $handoffId) {
      ...HandoffFields
    }
  }
`);
export const HandBackConversation = graphql(`
  mutation HandBackConversation($handoffId: ID!) {
    handBackConversation(handoffId: $handoffId) {
      ...HandoffFields
    }
  }
`);
export const ResolveConversation = graphql(`
  mutation ResolveConversation($handoffId: ID!) {
    resolveConversation(handoffId: $handoffId) {
      ...HandoffFields
    }
  }
`);
