import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  INVITABLE_ROLES,
  isPermission,
  mayChangeRole,
  PERMISSION_ENUM,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  roleGrants,
  ROLES,
  type Role,
} from './permissions';

describe('the role → permission table', () => {
  it('gives the owner and the admin every permission', () => {
    expect([...ROLE_PERMISSIONS.owner].sort()).toEqual([...PERMISSIONS].sort());
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('gives an agent exactly orders:read, orders:manage and chats:answer', () => {
    expect([...ROLE_PERMISSIONS.agent].sort()).toEqual(['chats:answer', 'orders:manage', 'orders:read']);
    for (const p of ['business:edit', 'catalog:write', 'orders:refund', 'members:manage', 'apikeys:manage'] as const) {
      expect(roleGrants('agent', p)).toBe(false);
    }
  });

  it('names only known permissions, and every role has an entry', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(isPermission(p)).toBe(true);
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    expect(isPermission('orders:delete')).toBe(false);
  });

  it('offers only admin and agent by invitation', () => {
    expect([...INVITABLE_ROLES]).toEqual(['admin', 'agent']);
  });

  it('maps permissions to GraphQL enum names one to one', () => {
    expect(PERMISSION_ENUM).toEqual({
      BUSINESS_EDIT: 'business:edit',
      CATALOG_WRITE: 'catalog:write',
      ORDERS_READ: 'orders:read',
      ORDERS_MANAGE: 'orders:manage',
      ORDERS_REFUND: 'orders:refund',
      CHATS_ANSWER: 'chats:answer',
      MEMBERS_MANAGE: 'members:manage',
      APIKEYS_MANAGE: 'apikeys:manage',
    });
  });

  it('is the list the database CHECK on api_key.scopes allows, no more and no less', () => {
    // The newest definition of the constraint: the migration that last added a permission.
    const migration = readFileSync(join(__dirname, '../../../db/migrations/Migration20261130060000_checkout.ts'), 'utf8');
    const inCheck = /"scopes" <@ array\[([^\]]+)\]/
      .exec(migration)![1]
      .match(/'([a-z:]+)'/g)!
      .map((s) => s.slice(1, -1));
    expect(inCheck.sort()).toEqual([...PERMISSIONS].sort());
  });
});

describe('who may change whose role', () => {
  // [actor, from, to (null: remove), allowed]
  const table: [Role, Role, Role | null, boolean][] = [
    // an owner manages everyone, owners included (handing ownership over, stepping down)
    ['owner', 'owner', 'admin', true],
    ['owner', 'admin', 'owner', true],
    ['owner', 'agent', 'admin', true],
    ['owner', 'owner', null, true],
    ['owner', 'agent', null, true],
    // an admin manages staff but can neither make, unmake nor remove an owner
    ['admin', 'agent', 'admin', true],
    ['admin', 'admin', 'agent', true],
    ['admin', 'admin', null, true],
    ['admin', 'agent', null, true],
    ['admin', 'owner', 'admin', false],
    ['admin', 'owner', null, false],
    ['admin', 'agent', 'owner', false],
    ['admin', 'admin', 'owner', false],
    // an agent manages nobody
    ['agent', 'agent', 'admin', false],
    ['agent', 'agent', null, false],
    ['agent', 'admin', 'agent', false],
  ];
  it.each(table)('%s: %s → %s is %s', (actor, from, to, allowed) => {
    expect(mayChangeRole(actor, from, to)).toBe(allowed);
  });
});
