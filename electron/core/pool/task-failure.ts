import type { FailureReason } from './protocol';

/** Why `ProcessPool.run` rejected: a reason code for the UI and a message for people. */
export class TaskFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'TaskFailure';
  }
}

export function isTaskFailure(error: unknown): error is TaskFailure {
  return error instanceof TaskFailure;
}
