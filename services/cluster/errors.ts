// User-facing errors (style.md 12): what was wrong and how to fix it, never a stack trace.

/** An error whose message is safe and useful to show to a user as it is, with a fix hint. */
export class UserError extends Error {
  readonly hint?: string;
  readonly code: string;
  constructor(code: string, message: string, hint?: string) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    this.hint = hint;
  }
}

/** A snapshot or fleet file that cannot be used; names the file and the JSON path at fault. */
export class SnapshotFileError extends UserError {
  readonly file: string;
  readonly jsonPath: string;
  constructor(file: string, jsonPath: string, problem: string) {
    super('InvalidSnapshot', `${file}: ${jsonPath ? `${jsonPath}: ` : ''}${problem}`,
      'Fix the file (see spec/interfaces.md §6 for the snapshot shape) and run the command again.');
    this.name = 'SnapshotFileError';
    this.file = file;
    this.jsonPath = jsonPath;
  }
}
