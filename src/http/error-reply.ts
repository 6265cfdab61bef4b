// Sending a coded error on a Fastify reply, in the face a route speaks (src/errors/http-errors.ts
// holds the mapping and the renderers; this is only the I/O). Server faults are logged here with
// their cause, so that every face logs them alike and no client ever sees the cause.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LogwardenError } from '../errors/codes.ts';
import { isServerFault, renderElasticsearch, renderNative, toCodedError, type ErrorAnswer } from '../errors/http-errors.ts';
import type { Logger } from '../observability/logger.ts';

export interface ErrorReplyOptions {
  readonly logger: Logger;
  /** Turn a face's own errors (e.g. a decoder's) into coded ones before the generic mapping. */
  readonly adopt?: (error: unknown, request: FastifyRequest) => LogwardenError | undefined;
  /** Word the refusal of a body over the route's limit. */
  readonly tooLarge?: (request: FastifyRequest) => LogwardenError;
}

type FastifyErrorHandler = (error: unknown, request: FastifyRequest, reply: FastifyReply) => FastifyReply;

/** An error handler for `app.setErrorHandler` that answers in the face `render` draws. */
export function codedErrorHandler<Body>(
  render: (error: LogwardenError) => ErrorAnswer<Body>,
  send: (reply: FastifyReply, request: FastifyRequest, body: Body) => FastifyReply,
  options: ErrorReplyOptions,
): FastifyErrorHandler {
  return (error, request, reply) => {
    const tooLarge = options.tooLarge;
    const coded = options.adopt?.(error, request) ?? toCodedError(error, tooLarge ? () => tooLarge(request) : undefined);
    return sendCodedError(coded, request, reply, { render, send, logger: options.logger });
  };
}

export function sendCodedError<Body>(
  error: LogwardenError,
  request: FastifyRequest,
  reply: FastifyReply,
  face: { render: (error: LogwardenError) => ErrorAnswer<Body>; send: (reply: FastifyReply, request: FastifyRequest, body: Body) => FastifyReply; logger: Logger },
): FastifyReply {
  if (isServerFault(error)) face.logger.error({ err: error.details['cause'], code: error.code, method: request.method, url: request.url.split('?')[0] }, 'request failed');
  const answer = face.render(error);
  reply.code(answer.status).headers(answer.headers);
  if (answer.challenge !== undefined && !reply.hasHeader('WWW-Authenticate')) reply.header('WWW-Authenticate', answer.challenge);
  return face.send(reply, request, answer.body);
}

const sendJson = <Body>(reply: FastifyReply, _request: FastifyRequest, body: Body): FastifyReply => reply.send(body);

/** The native API's error handler: `{"error":{"code","message",…evidence}}`. */
export function nativeErrorHandler(logger: Logger): FastifyErrorHandler {
  return codedErrorHandler(renderNative, sendJson, { logger });
}

/** Send a coded error the native way (the not-found handler, which is not an error handler). */
export function sendNativeError(error: LogwardenError, request: FastifyRequest, reply: FastifyReply, logger: Logger): FastifyReply {
  return sendCodedError(error, request, reply, { render: renderNative, send: sendJson, logger });
}

/** The Elasticsearch-compatible routes' error handler. */
export function elasticsearchErrorHandler(logger: Logger, tooLarge: (request: FastifyRequest) => LogwardenError): FastifyErrorHandler {
  return codedErrorHandler(renderElasticsearch, sendJson, { logger, tooLarge });
}
