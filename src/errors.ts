/** Errors carry a stable code, a Chinese message for users, the field path, and an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
