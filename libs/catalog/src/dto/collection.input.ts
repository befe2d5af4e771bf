import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@ArgsType()
export class CreateCollectionArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;

  @Field()
  @IsString()
  @Transform(trim)
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;

  @Field(() => [ID], { defaultValue: [], description: 'Its products, in order' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true, message: 'productIds must be ids' })
  productIds: string[] = [];
}

@ArgsType()
export class RenameCollectionArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an id' })
  id!: string;

  @Field()
  @IsString()
  @Transform(trim)
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;
}

@ArgsType()
export class SetCollectionProductsArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an id' })
  id!: string;

  @Field(() => [ID], { description: 'Its products, in order; replaces what it held' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true, message: 'productIds must be ids' })
  productIds!: string[];
}

@ArgsType()
export class CollectionIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an id' })
  id!: string;
}

/** Reordering products or collections: these ids take the positions they hold, in this order. */
@ArgsType()
export class ReorderArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;

  @Field(() => [ID])
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true, message: 'ids must be ids' })
  ids!: string[];
}
