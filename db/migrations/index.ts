import { Migration20261124000000_foundation } from './Migration20261124000000_foundation';
import { Migration20261124010000_identity } from './Migration20261124010000_identity';
import { Migration20261124020000_business_access } from './Migration20261124020000_business_access';
import { Migration20261124030000_catalog } from './Migration20261124030000_catalog';

/**
 * Every migration, in order. Listed explicitly (not discovered from the folder) so the compiled
 * app, the CLI and the tests run exactly the same set.
 */
export const MIGRATIONS = [
  { name: 'Migration20261124000000_foundation', class: Migration20261124000000_foundation },
  { name: 'Migration20261124010000_identity', class: Migration20261124010000_identity },
  { name: 'Migration20261124020000_business_access', class: Migration20261124020000_business_access },
  { name: 'Migration20261124030000_catalog', class: Migration20261124030000_catalog },
];
