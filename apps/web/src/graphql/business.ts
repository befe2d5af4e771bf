import { graphql } from '../gql';

/** The business's profile and opening hours, and member roles (members and invitations are in console.ts). */
export const BusinessProfile = graphql(`
  query BusinessProfile($handle: String!) {
    business(handle: $handle) {
      id
      handle
      name
      description
      category
      contactPhone
      country
      currency
      timezone
      logoUrl
      listedInSearch
      openingHours {
        monday {
          open
          close
        }
        tuesday {
          open
          close
        }
        wednesday {
          open
          close
        }
        thursday {
          open
          close
        }
        friday {
          open
          close
        }
        saturday {
          open
          close
        }
        sunday {
          open
          close
        }
      }
    }
  }
`);
export const UpdateBusiness = graphql(`
  mutation UpdateBusiness($businessId: ID!, $input: UpdateBusinessInput!) {
    updateBusiness(businessId: $businessId, input: $input) {
      id
      name
      description
      category
      contactPhone
      timezone
      logoUrl
      listedInSearch
    }
  }
`);
export const ChangeMemberRole = graphql(`
  mutation ChangeMemberRole($businessId: ID!, $personId: ID!, $role: BusinessRole!) {
    changeMemberRole(businessId: $businessId, personId: $personId, role: $role) {
      personId
      role
    }
  }
`);
