/** A unique constraint refused the write (PostgreSQL 23505), whether TypeORM wrapped the driver's error or not. */
export function isUniqueViolation(error: unknown): boolean {
  const failure = error as { code?: string; driverError?: { code?: string } };
  return (failure.driverError?.code ?? failure.code) === '23505';
}
