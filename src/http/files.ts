/**
 * Files over HTTP: an upload is the raw bytes of one file (what it is is decided from the bytes by the service, not
 * from the header), and a stored file is answered inline with its SM3 and a policy that lets the web app's viewer
 * frame it and nothing else.
 */
import type { FastifyReply } from 'fastify';
import { AppError } from '../shared/errors.ts';
import type { TypedApp } from './typed.ts';

export const FILE_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/ofd', 'application/octet-stream'];

/** Registers routes that take a file as their body, in a scope of their own so that only they parse raw bytes. */
export function fileUploadRoutes(app: TypedApp, maxBytes: number, register: (scope: TypedApp) => void): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(FILE_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body));
    register(scope as unknown as TypedApp);
  });
}

/** The bytes of an upload's body; UNSUPPORTED_MEDIA_TYPE when it did not come as one of FILE_CONTENT_TYPES. */
export function uploadedBytes(body: unknown): Uint8Array {
  if (!Buffer.isBuffer(body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { accepted: FILE_CONTENT_TYPES });
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

export function sendStoredFile(reply: FastifyReply, file: { mime: string; name: string; sm3: string }, bytes: Uint8Array) {
  return reply
    .type(file.mime)
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-sm3', file.sm3)
    // the web app shows the file in a frame; nothing else may frame it, nor may it load anything
    .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
    .send(Buffer.from(bytes));
}
