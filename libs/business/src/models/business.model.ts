import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { Business } from '../entities/business.entity';
import { WEEKDAYS, type OpeningHours } from '../opening-hours';

@ObjectType('TimeRange', { description: 'An opening period, HH:MM in the business’s time zone; close may be 24:00' })
export class TimeRangeModel {
  @Field()
  open!: string;

  @Field()
  close!: string;
}

@ObjectType('OpeningHours', { description: 'Opening periods per weekday; an empty list means closed that day' })
export class OpeningHoursModel {
  @Field(() => [TimeRangeModel])
  monday!: TimeRangeModel[];

  @Field(() => [TimeRangeModel])
  tuesday!: TimeRangeModel[];

  @Field(() => [TimeRangeModel])
  wednesday!: TimeRangeModel[];

  @Field(() => [TimeRangeModel])
  thursday!: TimeRangeModel[];

  @Field(() => [TimeRangeModel])
  friday!: TimeRangeModel[];

  @Field(() => [TimeRangeModel])
  saturday!: TimeRangeModel[];

  @Field(() => [TimeRangeModel])
  sunday!: TimeRangeModel[];

  static from(hours: OpeningHours): OpeningHoursModel {
    return Object.assign(new OpeningHoursModel(), Object.fromEntries(WEEKDAYS.map((d) => [d, hours[d] ?? []])));
  }
}

@ObjectType('Business', { description: 'A business account shoppers chat with and buy from' })
export class BusinessModel {
  @Field(() => ID)
  id!: string;

  @Field()
  handle!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field()
  category!: string;

  @Field({ description: 'ISO-4217 currency of every price in this business' })
  currency!: string;

  @Field({ description: 'ISO-3166 alpha-2 country' })
  country!: string;

  @Field(() => String, { nullable: true })
  logoUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'E.164' })
  contactPhone!: string | null;

  @Field(() => OpeningHoursModel, { nullable: true, description: 'Null when the business has not published its hours' })
  openingHours!: OpeningHoursModel | null;

  @Field({ description: 'IANA time zone the opening hours are in' })
  timezone!: string;

  @Field({ description: 'Whether its products show in search across businesses' })
  listedInSearch!: boolean;

  @Field()
  createdAt!: Date;

  static from(b: Business): BusinessModel {
    return Object.assign(new BusinessModel(), {
      id: b.id,
      handle: b.handle,
      name: b.name,
      description: b.description,
      category: b.category,
      currency: b.currency,
      country: b.country,
      logoUrl: b.logoUrl,
      contactPhone: b.contactPhone,
      openingHours: b.openingHours && OpeningHoursModel.from(b.openingHours),
      timezone: b.timezone,
      listedInSearch: b.listedInSearch,
      createdAt: b.createdAt,
    });
  }
}
