// The session cookie: read from the Cookie header (parsed here: a few lines, no dependency) and
// written as a `__Host-` cookie, which browsers accept only with Secure, Path=/ and no Domain, so
// no other host or path can plant or read it. HttpOnly keeps it from scripts; SameSite=Strict keeps
// other sites' pages from sending it. No Max-Age: the browser forgets it when it closes, and the
// server ends it at the idle or absolute timeout anyway. Pure.
import { SESSION_COOKIE } from '../access/sessions.ts';

/** The session id in a Cookie header; the first one when several are sent; undefined when none. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  if (cookieHeader === undefined) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1 || pair.slice(0, equals).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(equals + 1).trim();
    // Ids are base64url; anything else is not one of ours, and is not echoed anywhere.
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : '';
  }
  return undefined;
}

/** The Set-Cookie value that hands the browser its session. */
export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; Secure; HttpOnly; SameSite=Strict`;
}

/** The Set-Cookie value that makes the browser forget it (sign-out). */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`;
}
