/**
 * Thrown when a measurement cannot be taken honestly: the server is not built yet, a route answers
 * 404, PostgreSQL is unreachable. The figure records the reason instead of a number.
 */
export class Unavailable extends Error {
  override readonly name = 'Unavailable';
}
