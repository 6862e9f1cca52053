import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../shared/errors.ts';
import { validationError } from './validation.ts';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_ERR_NOT_FOUND: 'ROUTE_NOT_FOUND',
  // no route has a parameter that long, or a path that cannot be decoded
  FST_ERR_MAX_PARAM_LENGTH: 'ROUTE_NOT_FOUND',
  FST_ERR_BAD_URL: 'ROUTE_NOT_FOUND',
};

/**
 * The database's connection was lost or refused (a failover, a restart): the request's transaction most likely did
 * not commit (a commit whose answer was lost may have). PostgreSQL
 * SQLSTATE class 08 (connection exception), 57P01-57P03 (shutting down, cannot connect now), and node-postgres's own
 * errors for a socket that closed or never opened.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/** Maps any error to `{ code, message: { zh, en }, details? }`; a 5xx never shows what went wrong inside. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError('DATABASE_UNAVAILABLE');
  const fe = error as FastifyError;
  if (fe.validation) return validationError(fe.validation, fe.validationContext ?? 'request');
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return new AppError(mapped);
  if (error instanceof SyntaxError && fe.statusCode === 400) return new AppError('MALFORMED_JSON');
  if (fe.statusCode === 429) return new AppError('RATE_LIMITED');
  if (fe.statusCode === 405) return new AppError('METHOD_NOT_ALLOWED');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', undefined, { en: 'The request is not valid', zh: '请求内容不符合要求' });
  }
  return new AppError('INTERNAL');
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: appError.code }, 'request refused');
  return reply.status(appError.status).type('application/json').send(appError.toBody());
}
