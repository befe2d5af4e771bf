import { registerEnumType } from '@nestjs/graphql';
import { INVITABLE_ROLES, PERMISSION_ENUM, ROLE_ENUM } from '../permissions';

// GraphQL names are upper case (ORDERS_READ); resolvers and services see the stored values (orders:read).
export const BusinessRoleEnum = ROLE_ENUM;
registerEnumType(BusinessRoleEnum, { name: 'BusinessRole', description: 'A member’s role; it decides their permissions' });

export const InvitableRoleEnum: Readonly<Record<string, string>> = Object.fromEntries(
  INVITABLE_ROLES.map((r) => [r.toUpperCase(), r]),
);
registerEnumType(InvitableRoleEnum, { name: 'InvitableRole', description: 'The roles an invitation may offer' });

export const BusinessPermissionEnum = PERMISSION_ENUM;
registerEnumType(BusinessPermissionEnum, {
  name: 'BusinessPermission',
  description: 'What a role or an API key scope allows in a business',
});

export const InvitationStatusEnum = { PENDING: 'pending', ACCEPTED: 'accepted', REVOKED: 'revoked', EXPIRED: 'expired' } as const;
registerEnumType(InvitationStatusEnum, { name: 'InvitationStatus' });
