import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { etagOf } from '../../../platform/concurrency.ts';
import { DateTime, Nullable } from '../../../platform/schemas.ts';

export const tags = ['sourcing'];
/** Quantities travel as decimal strings. */
export const Quantity = Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,3})?$', maxLength: 20 });
/** Unit prices: up to 4 decimals, never negative. */
export const UnitPrice = Type.String({ pattern: '^\\d{1,15}(\\.\\d{1,4})?$', maxLength: 24 });
/** A tax rate as a fraction: 0.13 for 13 %. */
export const TaxRate = Type.String({ pattern: '^0(\\.\\d{1,4})?$', maxLength: 6 });
export const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
export const DateTimeIn = Type.String({ format: 'date-time', maxLength: 40 });
export const Version = Type.Optional(Type.Integer({ minimum: 1 }));
export const VersionBody = Type.Object({ version: Version });
export const CategoryCodes = Type.Array(Type.String({ pattern: '^\\d{2,12}$', maxLength: 12 }), { maxItems: 20 });
export const OrgIds = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 200 });
export const PaymentMethod = Type.Union([Type.Literal('escrow'), Type.Literal('credit')]);
export const Attachment = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 200 }),
  mimeType: Type.String({ minLength: 1, maxLength: 100 }),
  contentBase64: Type.String({ minLength: 4, maxLength: 820_000 }),
});
export const AttachmentMeta = Type.Object({ id: Type.String(), filename: Type.String(), mimeType: Type.String(), sizeBytes: Type.Integer(), sha256: Type.String(), createdAt: DateTime });
export const Party = Type.Object({ id: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) });

export function withEtag(reply: FastifyReply, row: { version: number }): void {
  void reply.header('etag', etagOf(row.version));
}

export function ifMatch(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers['if-match'];
  return Array.isArray(value) ? value[0] : value;
}

/** Sends a stored file as a download (never rendered inline). */
export function sendFile(reply: FastifyReply, file: { filename: string; mimeType: string; content: Buffer; sha256?: string | null }) {
  const out = reply
    .type(file.mimeType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff');
  if (file.sha256) out.header('x-content-sha256', file.sha256);
  return out.send(file.content);
}
