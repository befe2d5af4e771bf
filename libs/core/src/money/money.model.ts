import { Field, ObjectType } from '@nestjs/graphql';
import { formatMoney, type Money } from './money';

/** How money leaves the API: exact minor units as a string, the currency, and a display string. */
@ObjectType('Money')
export class MoneyModel {
  @Field({ description: 'Integer amount in minor units (cents, sen…), as a string so no precision is lost' })
  amount!: string;

  @Field({ description: 'ISO-4217 currency code' })
  currency!: string;

  @Field({ description: 'For display only, e.g. "MYR 12.50"' })
  formatted!: string;

  static of(m: Money): MoneyModel {
    return Object.assign(new MoneyModel(), { amount: m.amount.toString(), currency: m.currency, formatted: formatMoney(m) });
  }
}
