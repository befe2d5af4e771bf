import { IsOptional, IsUUID } from 'class-validator';

/** The form fields of POST /media, next to the `file` part. */
export class UploadPhotoInput {
  /** The business the photo is for; left out, it is the signed-in person's own photo (for their chats). */
  @IsOptional()
  @IsUUID('all', { message: 'businessId must be the id of a business' })
  businessId?: string;
}
