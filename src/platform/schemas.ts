import { Type, type TSchema } from 'typebox';

/** Every string in a request has a length cap: the generated bad-input test relies on it. */
export const Str = (maxLength: number, options: Record<string, unknown> = {}) =>
  Type.String({ maxLength, ...options });
export const NonEmpty = (maxLength: number, options: Record<string, unknown> = {}) =>
  Type.String({ minLength: 1, maxLength, ...options });
export const IdParam = Type.String({ minLength: 1, maxLength: 64 });
export const Email = Type.String({ minLength: 3, maxLength: 254, format: 'email' });
/** Serialised from a Date by the response schema; handlers may return either. */
export const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** Money travels as a decimal string, never a float. */
export const Money = Type.String({ pattern: '^-?\\d{1,15}(\\.\\d{1,4})?$', maxLength: 24 });

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Str(512)),
});

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ pointer: Type.String(), in: Type.String(), message: Type.String() })),
    ),
  },
  { additionalProperties: true },
);

/** Response map for the problems a route can answer with, so OpenAPI lists them. */
export function problems(...statuses: number[]): Record<number, typeof ProblemSchema> {
  const out: Record<number, typeof ProblemSchema> = {};
  for (const s of [400, ...statuses]) out[s] = ProblemSchema;
  return out;
}

export const Ok = Type.Object({ ok: Type.Boolean() });
