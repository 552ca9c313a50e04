/** A command line that cannot run as typed: exit 2, with a pointer to the command's help. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help explains the fix: `tollgate keys create`. */
    readonly command: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A command that could not do its job for a reason the message explains: printed without a stack,
 * exit 1 (78, EX_CONFIG, for an invalid configuration).
 */
export class Failure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'Failure';
  }
}
