import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Max, Min } from 'class-validator';

@ArgsType()
export class ImportCatalogArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;

  // The byte limit is the service's (a typed CATALOG_IMPORT_TOO_LARGE), not a length rule here.
  @Field({ description: 'The catalog as CSV, in the columns of a Commerce Manager data feed' })
  @IsString()
  csv!: string;
}

@ArgsType()
export class BusinessFeedArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;
}

@ArgsType()
export class CatalogImportsArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;

  @Field(() => Int, { defaultValue: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 20;
}

@ArgsType()
export class CatalogImportIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an id' })
  id!: string;
}
