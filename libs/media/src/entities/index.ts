import { MediaAsset } from './media-asset.entity';

/** The media domain's entities, importable without its GraphQL models or Nest modules (`@kedai/media/entities`). */
export const MEDIA_ENTITIES = [MediaAsset];
