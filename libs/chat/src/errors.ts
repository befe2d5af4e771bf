import { DomainError, type FieldError } from '@kedai/core';

/** A message whose payload does not match its kind, or is too long; nothing is stored. */
export class InvalidMessageError extends DomainError {
  constructor(readonly fields: FieldError[]) {
    super('INVALID_MESSAGE', fields[0]?.messages[0] ?? 'The message is not valid', 400, { fields });
  }
}
