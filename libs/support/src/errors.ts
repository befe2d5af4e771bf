import { ConflictError, NotFoundError } from '@kedai/core';

/** Another agent claimed the conversation first (or it is no longer waiting). */
export class AlreadyClaimedError extends ConflictError {
  constructor() {
    super('ALREADY_CLAIMED', 'Another agent has already taken this conversation');
  }
}

/** The handoff is over (handed back or resolved): nothing more can be done to it. */
export class HandoffClosedError extends ConflictError {
  constructor() {
    super('HANDOFF_CLOSED', 'This conversation is no longer with the agents');
  }
}

export class HandoffNotFoundError extends NotFoundError {
  constructor() {
    super('Handoff');
  }
}
