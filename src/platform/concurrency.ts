import { Problem } from './problem.ts';

export function etagOf(version: number): string {
  return `"v${version}"`;
}

/**
 * Checks the version a client read against the current one: If-Match mismatch is a 412,
 * a stale `version` in the body a 409. Neither given: the write goes ahead (last writer wins is
 * refused only when the client tells us what it read).
 */
export function assertVersion(
  resource: string,
  current: number,
  given: { ifMatch?: string | undefined; version?: number | undefined },
): void {
  if (given.ifMatch !== undefined && given.ifMatch !== '*' && given.ifMatch.replace(/^W\//, '') !== etagOf(current)) {
    throw new Problem('resource.precondition_failed', { expected: given.ifMatch, actual: etagOf(current) });
  }
  if (given.version !== undefined && given.version !== current) {
    throw new Problem('resource.version_conflict', { resource, expected: given.version, actual: current });
  }
}
