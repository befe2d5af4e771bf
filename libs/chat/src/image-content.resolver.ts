import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { MediaService, PhotoModel } from '@kedai/media';
import { ImageContent } from './content/client-content';

/** The photo of an image message, ready to draw; the photos of a page of messages cost one query. */
@Resolver(() => ImageContent)
export class ImageContentResolver {
  constructor(private readonly media: MediaService) {}

  @ResolveField(() => PhotoModel, { nullable: true, description: 'Its sizes and URLs; null once the photo is gone' })
  async photo(@Ctx() ctx: RequestContext, @Parent() image: ImageContent): Promise<PhotoModel | null> {
    const [photo] = await this.media.assets(ctx, [image.mediaId]);
    return photo ? PhotoModel.from(photo) : null;
  }
}
