import { type ExpectedVersion } from './event.js';

/** The stream was not at the version the caller expected: someone else appended first. Nothing was written. */
export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly currentVersion: number,
  ) {
    super(`Stream ${streamId} is at version ${currentVersion}, expected ${String(expectedVersion)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** The client's If-Match named a version the stream has moved past. */
export class PreconditionFailedError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`Stream ${streamId} is at version ${currentVersion}, If-Match named ${expectedVersion}`);
    this.name = 'PreconditionFailedError';
  }
}

/** An event with this id is already stored: appending it again changed nothing (the ids of alerts are derived). */
export class DuplicateEventError extends Error {
  constructor(readonly streamId: string) {
    super(`An event appended to ${streamId} has an id that is already stored`);
    this.name = 'DuplicateEventError';
  }
}
