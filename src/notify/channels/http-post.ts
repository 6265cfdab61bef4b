// One HTTP(S) POST of a JSON body for the webhook and Slack channels, with node:http(s) rather
// than fetch: fetch takes no CA of our choosing, and a channel's `tls.ca` must be trusted without
// touching the process-wide trust store. Certificates are always checked (TLS 1.2 at least); an
// answer's status decides delivered / retry / give up. Error text names scheme://host only:
// webhook URLs often carry a token in their path or query.
import http from 'node:http';
import https from 'node:https';
import { TLS_MIN_VERSION } from '../../config/tls-policy.ts';
import { DeliveryError } from '../channel.ts';

/** Where to check the server's certificate (the channel's `tls`, files already read). */
export interface HttpTls {
  readonly ca?: string;
  readonly serverName?: string;
}

export interface PostOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly tls?: HttpTls;
  readonly signal: AbortSignal;
}

/** What a URL may show in a record: its scheme and host (with port), never path, query or user info. */
export function safeUrl(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** 2xx delivered; 408, 409 and 429 and 5xx (and anything else) are worth a retry; other 4xx are not. */
export function statusOutcome(status: number, where: string): DeliveryError | undefined {
  if (status >= 200 && status < 300) return undefined;
  const retryable = !(status >= 400 && status < 500) || status === 408 || status === 409 || status === 429;
  return new DeliveryError(`HTTP ${status} from ${where}`, retryable);
}

function agentOptions(url: URL, tls: HttpTls | undefined): https.RequestOptions {
  if (url.protocol !== 'https:') return {};
  return {
    minVersion: TLS_MIN_VERSION,
    rejectUnauthorized: true,
    ...(tls?.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls?.serverName === undefined ? {} : { servername: tls.serverName }),
  };
}

/** The reason of a failed request, fit for the record: the error's code and where. */
function networkError(error: unknown, where: string, signal: AbortSignal): DeliveryError {
  if (signal.aborted) return new DeliveryError(`no answer from ${where} in time`);
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message.replace(/https?:\/\/\S+/g, where);
  return new DeliveryError(`${code ?? 'request failed'} from ${where}${code !== undefined && message.includes(code) ? '' : `: ${message}`}`.slice(0, 300));
}

/** POST `body` to `url`; resolves on 2xx, throws DeliveryError otherwise. */
export function postJson(url: URL, body: string, options: PostOptions): Promise<void> {
  const where = safeUrl(url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<void>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'logwarden', ...options.headers },
        signal: options.signal,
        agent: false,
        ...agentOptions(url, options.tls),
      },
      (response) => {
        // Read and drop the answer: the status is all that counts, and the socket must drain.
        response.resume();
        response.on('end', () => {
          const failure = statusOutcome(response.statusCode ?? 0, where);
          if (failure === undefined) resolve();
          else reject(failure);
        });
        response.on('error', (error) => reject(networkError(error, where, options.signal)));
      },
    );
    request.on('error', (error) => reject(networkError(error, where, options.signal)));
    request.end(body);
  });
}
