import { randomBytes } from 'node:crypto';

/**
 * An error as the WhatsApp Cloud API reports it, so bots written against Meta's API handle
 * Kedai's refusals unchanged: `{ error: { message, type, code, error_data: { messaging_product,
 * details }, fbtrace_id } }`, with Meta's codes.
 */
export class CloudApiError extends Error {
  constructor(
    readonly code: number,
    readonly title: string,
    readonly details: string,
    readonly httpStatus = 400,
    readonly type = 'OAuthException',
  ) {
    super(`(#${code}) ${title}`);
  }

  body(): Record<string, unknown> {
    return {
      error: {
        message: this.message,
        type: this.type,
        code: this.code,
        error_data: { messaging_product: 'whatsapp', details: this.details },
        error_user_title: this.title,
        error_user_msg: this.details,
        fbtrace_id: randomBytes(12).toString('base64url'),
      },
    };
  }
}

/** The codes Kedai answers with, named as Meta's documentation names them. */
export const CloudErrors = {
  badToken: (details = 'The access token is not valid or has been revoked') =>
    new CloudApiError(190, 'Invalid OAuth access token', details, 401),
  permission: (details: string) => new CloudApiError(200, 'Permission error', details, 403),
  invalidParameter: (details: string) => new CloudApiError(100, 'Invalid parameter', details),
  unknownObject: (id: string) =>
    new CloudApiError(
      100,
      'Invalid parameter',
      `Unsupported request: object with ID '${id}' does not exist or cannot be loaded`,
      404,
    ),
  missingParameter: (details: string) => new CloudApiError(131008, 'Required parameter is missing', details),
  invalidValue: (details: string) => new CloudApiError(131009, 'Parameter value is not valid', details),
  undeliverable: (details: string) => new CloudApiError(131026, 'Message undeliverable', details),
  outsideWindow: () =>
    new CloudApiError(
      131047,
      'Re-engagement message',
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    ),
  unsupportedType: (type: string) =>
    new CloudApiError(131051, 'Unsupported message type', `Message type ${type} is not supported.`),
  mediaError: (details: string) => new CloudApiError(131053, 'Media upload error', details),
  pairRateLimit: () =>
    new CloudApiError(
      131056,
      '(Business Account, Consumer Account) pair rate limit hit',
      'Too many messages sent from this phone number to the same phone number in a short period of time.',
      429,
    ),
  templateParams: (details: string) =>
    new CloudApiError(132000, 'Number of parameters does not match the expected number of params', details),
  templateMissing: (details: string) => new CloudApiError(132001, 'Template name does not exist in the translation', details),
  templateNotApproved: (details: string) => new CloudApiError(132015, 'Template is paused or not approved', details),
  throughput: () => new CloudApiError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.', 429),
  server: () => new CloudApiError(131000, 'Something went wrong', 'Message failed to send because of an unknown error.', 500),
};
