import { ConflictError, DomainError } from '@kedai/core';

export class HandleTakenError extends ConflictError {
  constructor(handle: string) {
    super('HANDLE_TAKEN', `The handle "${handle}" is taken`, { handle });
  }
}

/** A business always has an owner: the last one can neither leave, be removed, nor be demoted. */
export class LastOwnerError extends ConflictError {
  constructor() {
    super('LAST_OWNER', 'A business needs at least one owner; make someone else owner first');
  }
}

export class AlreadyMemberError extends ConflictError {
  constructor() {
    super('ALREADY_MEMBER', 'That person is already a member of this business');
  }
}

export class InvitationExpiredError extends DomainError {
  constructor() {
    super('INVITATION_EXPIRED', 'This invitation has expired; ask for a new one', 410);
  }
}

export class InvitationRevokedError extends DomainError {
  constructor() {
    super('INVITATION_REVOKED', 'This invitation was withdrawn', 410);
  }
}

/** Accepted before, by this person, who has since left or been removed: the invitation does not bring them back. */
export class InvitationUsedError extends ConflictError {
  constructor() {
    super('INVITATION_USED', 'This invitation has been used already');
  }
}
