/**
 * Who may do what in a business, as data. Every other domain asks BusinessAccessService with one
 * of these permissions; adding a capability is a line here, not a new `if` somewhere else.
 */
export const PERMISSIONS = [
  'business:edit',
  'catalog:write',
  'orders:read',
  'orders:manage',
  'orders:refund',
  'chats:answer',
  'members:manage',
  'apikeys:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'admin', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an invitation may offer: ownership is handed over by changing a member's role, never by invitation. */
export const INVITABLE_ROLES = ['admin', 'agent'] as const satisfies readonly Role[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: PERMISSIONS,
  // An admin holds every permission; what sets the owner apart is ROLE_AUTHORITY below.
  admin: PERMISSIONS,
  // Agents answer chats and fulfil orders (accept, ship, complete); money stays with admins.
  agent: ['orders:read', 'orders:manage', 'chats:answer'],
};

/**
 * Which members a role may manage (with members:manage): the roles it may invite, grant, take
 * away or remove. Admins cannot touch owners, so only an owner can make or unmake an owner.
 */
export const ROLE_AUTHORITY: Readonly<Record<Role, readonly Role[]>> = {
  owner: ['owner', 'admin', 'agent'],
  admin: ['admin', 'agent'],
  agent: [],
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Whether a member with `actor` role may move a member from role `from` to role `to` (`to` null: remove them). */
export function mayChangeRole(actor: Role, from: Role, to: Role | null): boolean {
  const authority = ROLE_AUTHORITY[actor];
  return roleGrants(actor, 'members:manage') && authority.includes(from) && (to === null || authority.includes(to));
}

/** GraphQL enum keys for the permissions: `orders:read` is ORDERS_READ. */
export const PERMISSION_ENUM: Readonly<Record<string, Permission>> = Object.fromEntries(
  PERMISSIONS.map((p) => [p.replace(/[^a-z]+/g, '_').toUpperCase(), p]),
);

export const ROLE_ENUM: Readonly<Record<string, Role>> = Object.fromEntries(ROLES.map((r) => [r.toUpperCase(), r]));
