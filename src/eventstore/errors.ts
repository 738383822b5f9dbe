import { StreamVersionError } from '../shared/domain/errors.js';
import { type ExpectedVersion } from './event.js';

/** The stream was not at the version the caller expected: someone else appended first. Nothing was written. */
export class WrongExpectedVersionError extends StreamVersionError {
  readonly answer = 'conflict';

  constructor(
    streamId: string,
    readonly expectedVersion: ExpectedVersion,
    currentVersion: number,
  ) {
    super(streamId, currentVersion, `Stream ${streamId} is at version ${currentVersion}, expected ${String(expectedVersion)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** The client's If-Match named a version the stream has moved past. */
export class PreconditionFailedError extends StreamVersionError {
  readonly answer = 'precondition_failed';

  constructor(
    streamId: string,
    readonly expectedVersion: number,
    currentVersion: number,
  ) {
    super(streamId, currentVersion, `Stream ${streamId} is at version ${currentVersion}, If-Match named ${expectedVersion}`);
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
