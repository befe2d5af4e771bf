import { IsUUID } from 'class-validator';

/** The form fields of POST /media, next to the `file` part. */
export class UploadPhotoInput {
  @IsUUID('all', { message: 'businessId must be the id of a business' })
  businessId!: string;
}
