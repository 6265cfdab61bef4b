// The `--server` flag as a URL. Pure.
import { LogwardenError } from '../errors/codes.ts';

/**
 * `--server` as an http(s) URL. A bare `HOST:PORT` (what the serve flags and the server's log
 * print) means http://HOST:PORT: without this, `127.0.0.1:9280` is not a URL at all, and
 * `localhost:9280` is one whose scheme is `localhost:`.
 */
export function parseServerUrl(text: string): URL {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new LogwardenError('LW_CLI_SERVER', `--server: expected a URL like http://127.0.0.1:9280 or HOST:PORT, found ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LogwardenError('LW_CLI_SERVER', `--server: expected an http:// or https:// URL, found ${JSON.stringify(text)} (scheme ${url.protocol})`);
  }
  if (url.hostname === '') throw new LogwardenError('LW_CLI_SERVER', `--server: no host in ${JSON.stringify(text)}; expected e.g. http://127.0.0.1:9280`);
  return url;
}
