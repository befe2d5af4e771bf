import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Photo } from '../media.service';
import type { UrlPair } from '../renditions';

@ObjectType('PhotoUrls', { description: 'One size of a photo, as WebP (smaller) and JPEG (shown everywhere)' })
export class PhotoUrlsModel {
  @Field()
  webp!: string;

  @Field()
  jpeg!: string;

  static from(pair: UrlPair): PhotoUrlsModel {
    return Object.assign(new PhotoUrlsModel(), { webp: pair.webp, jpeg: pair.jpeg });
  }
}

@ObjectType('Photo', { description: 'A photo in the sizes a chat needs; URLs never change and may be cached forever' })
export class PhotoModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Width of the photo as shown, in pixels; every size keeps its proportions' })
  width!: number;

  @Field(() => Int)
  height!: number;

  @Field(() => PhotoUrlsModel, { description: 'At most 160 pixels on its longer side' })
  thumbnail!: PhotoUrlsModel;

  @Field(() => PhotoUrlsModel, { description: 'At most 640 pixels on its longer side' })
  medium!: PhotoUrlsModel;

  @Field(() => PhotoUrlsModel, { description: 'At most 1280 pixels on its longer side' })
  large!: PhotoUrlsModel;

  static from(photo: Photo): PhotoModel {
    return Object.assign(new PhotoModel(), {
      id: photo.id,
      width: photo.width,
      height: photo.height,
      thumbnail: PhotoUrlsModel.from(photo.urls.thumbnail),
      medium: PhotoUrlsModel.from(photo.urls.medium),
      large: PhotoUrlsModel.from(photo.urls.large),
    });
  }
}
