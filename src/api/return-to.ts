// Where a browser may be sent after signing in: a path on this server only. A `returnTo` that
// could name another site (`//evil.example`, `/\evil.example`, `https://…`) would make the sign-in
// an open redirect, a phisher's tool. Pure.

const BASE = 'http://logwarden.invalid';
const MAX_LENGTH = 2048;

/** The path (with query and fragment) `value` names on this server, or undefined when it is not one. */
export function sameOriginPath(value: string): string | undefined {
  if (value.length === 0 || value.length > MAX_LENGTH || !value.startsWith('/')) return undefined;
  // Browsers read "\" as "/" and drop tabs and newlines: "/\host" and "/\t/host" are other sites.
  if (value.startsWith('//') || /[\\\x00-\x1f\x7f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}
