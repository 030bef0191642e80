import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from './api.ts';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '简体中文', en: 'English' };

/**
 * One UI string in both languages: `[简体中文, English]`. The tuple makes a missing translation a
 * compile error instead of a blank or an untranslated label at run time.
 */
export type Msg = readonly [zh: string, en: string];
export type Messages = Record<string, Msg>;

/** Declares a module's strings; the identity function keeps the literal keys for autocompletion. */
export function defineMessages<T extends Messages>(messages: T): T {
  return messages;
}

export type Vars = Record<string, string | number | null | undefined>;

/** Picks the language and fills `{name}` placeholders. */
export function translate(lang: Lang, msg: Msg, vars?: Vars): string {
  const text = lang === 'zh-CN' ? msg[0] : msg[1];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (vars[key] === undefined || vars[key] === null ? whole : String(vars[key])));
}

const STORAGE_KEY = 'cotrade.lang';

export function isLang(value: unknown): value is Lang {
  return value === 'zh-CN' || value === 'en';
}

/** Before sign-in: the last choice on this browser, else the browser's language, else Chinese. */
export function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // storage blocked: fall through
  }
  const nav = typeof navigator === 'undefined' ? 'zh-CN' : navigator.language;
  return /^en\b/i.test(nav) ? 'en' : 'zh-CN';
}

interface I18nValue {
  lang: Lang;
  /** Switches the UI language and remembers it on this browser (the session also saves it per user). */
  setLang(lang: Lang): void;
  t(msg: Msg, vars?: Vars): string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    return l;
  });
  const setLang = useCallback((next: Lang) => {
    setApiLanguage(next);
    document.documentElement.lang = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage blocked: the choice lasts for this page only
    }
    setLangState(next);
  }, []);
  const value = useMemo<I18nValue>(() => ({ lang, setLang, t: (msg, vars) => translate(lang, msg, vars) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** The `t()` of the current language. */
export function useT(): I18nValue['t'] {
  return useI18n().t;
}
