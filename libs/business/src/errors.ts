import { ConflictError } from '@kedai/core';

export class HandleTakenError extends ConflictError {
  constructor(handle: string) {
    super('HANDLE_TAKEN', `The handle "${handle}" is taken`, { handle });
  }
}
