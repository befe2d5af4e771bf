import { Migration } from '@mikro-orm/migrations';

/** The order sweeper reads only the orders the bot has not decided yet (see OrderSweeper). */
export class Migration20261205235000_order_sweep_index extends Migration {
  override name = 'Migration20261205235000_order_sweep_index';

  override up(): void {
    this.addSql(
      `create index "shop_order_undecided_idx" on "shop_order" ("updated_at") where "status" = 'pending' and "hold" is null;`,
    );
  }

  override down(): void {
    this.addSql(`drop index "shop_order_undecided_idx";`);
  }
}
