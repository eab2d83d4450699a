/**
 * The code of a Node system error ("ENOENT", "ENOSPC"), or undefined for any other thrown value. One reading of
 * that shape, instead of a cast at every catch.
 */
export function errnoOf(err: unknown): string | undefined {
  if (!(err instanceof Error) || !('code' in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}
