import { Migration } from '@mikro-orm/migrations';

/** The payment-window sweep reads only unpaid orders, by expiry (see OrderSweeper.closeExpired). */
export class Migration20261206010000_order_expiry_index extends Migration {
  override name = 'Migration20261206010000_order_expiry_index';

  override up(): void {
    this.addSql(`create index "shop_order_expiring_idx" on "shop_order" ("expires_at") where "status" = 'awaiting_payment';`);
  }

  override down(): void {
    this.addSql(`drop index "shop_order_expiring_idx";`);
  }
}
