export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

export function isLang(value: unknown): value is Lang {
  return value === 'zh-CN' || value === 'en';
}

/** Picks the language from an Accept-Language header; null when it names neither of ours. */
export function langFromHeader(header: string | undefined): Lang | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return null;
}

export type Text = { 'zh-CN': string; en: string };

/** Fills `{name}` placeholders; values are printed as given (amounts arrive already formatted). */
export function format(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}
