import { Migration } from '@mikro-orm/migrations';

/**
 * API processes keep the sessions they have checked in memory; this tells them, at commit, when
 * one ends: revoked (sign-out, revocation, refresh-token reuse, or any SQL that sets
 * revoked_at), shortened, or deleted (with its person). The payload is the session id. A trigger
 * rather than a call in each service, so no writer can end a session silently.
 */
export class Migration20261205140000_session_ended_notify extends Migration {
  override name = 'Migration20261205140000_session_ended_notify';

  override up(): void {
    this.addSql(`
      create function "auth_session_ended_notify"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          perform pg_notify('kedai_session_ended', old.id::text);
        elsif new.revoked_at is not null and old.revoked_at is null
           or new.expires_at < old.expires_at
           or new.person_id <> old.person_id then
          perform pg_notify('kedai_session_ended', new.id::text);
        end if;
        return null;
      end $$;`);
    this.addSql(`
      create trigger "auth_session_ended_notify" after update or delete on "auth_session"
        for each row execute function "auth_session_ended_notify"();`);
  }

  override down(): void {
    this.addSql('drop trigger if exists "auth_session_ended_notify" on "auth_session";');
    this.addSql('drop function if exists "auth_session_ended_notify"();');
  }
}
