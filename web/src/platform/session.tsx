import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, isProblem, onAuthProblem, type ApiResponse } from './api.ts';
import { useI18n, type Lang, isLang } from './i18n.tsx';

export type Me = ApiResponse<'/me'>;
export type Organization = Me['organization'];

/** The four workspaces; an organisation's kinds decide which it gets (platform → operator). */
export type Party = 'buyer' | 'supplier' | 'operator' | 'partner';
export const PARTIES: readonly Party[] = ['buyer', 'supplier', 'operator', 'partner'];
const KIND_TO_PARTY: Record<string, Party> = { buyer: 'buyer', supplier: 'supplier', partner: 'partner', platform: 'operator' };

export function partiesOf(org: Pick<Organization, 'kinds'> | null | undefined): Party[] {
  if (!org) return [];
  return PARTIES.filter((p) => org.kinds.some((k) => KIND_TO_PARTY[k] === p));
}

export type SessionStatus = 'loading' | 'anonymous' | 'signed_in';

interface SessionValue {
  status: SessionStatus;
  me: Me | null;
  /** Reloads GET /me; returns null when signed out. */
  refresh(): Promise<Me | null>;
  signOut(): Promise<void>;
  /** True when the user holds any of the permissions. */
  can(permission: string | readonly string[] | undefined): boolean;
  /** Switches the UI language and remembers it for this user (PATCH /me) or this browser. */
  changeLanguage(lang: Lang): Promise<void>;
  /** Fully in: signed in and past MFA. */
  ready: boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { lang, setLang } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<SessionStatus>('loading');
  const langRef = useRef(lang);
  langRef.current = lang;
  // A language picked before sign-in (or during the MFA step) is saved for the user afterwards.
  const chosenBeforeSignIn = useRef(false);

  const inFlight = useRef<Promise<Me | null> | null>(null);
  const load = useCallback(async (): Promise<Me | null> => {
    try {
      const next = await api.get('/me');
      if (next.mfa.passed) {
        const remembered = next.user.lang;
        if (chosenBeforeSignIn.current || !isLang(remembered)) {
          chosenBeforeSignIn.current = false;
          if (remembered !== langRef.current) {
            void api.patch('/me', { body: { lang: langRef.current } }).catch(() => {});
            next.user.lang = langRef.current;
          }
        } else if (remembered !== langRef.current) {
          setLang(remembered);
        }
      }
      setMe(next);
      setStatus('signed_in');
      return next;
    } catch (error) {
      if (isProblem(error) && (error.status === 401 || error.status === 403)) {
        setMe(null);
        setStatus('anonymous');
        return null;
      }
      throw error;
    }
  }, [setLang]);

  // Several failing requests at once share one reload of /me.
  const refresh = useCallback((): Promise<Me | null> => {
    inFlight.current ??= load().finally(() => {
      inFlight.current = null;
    });
    return inFlight.current;
  }, [load]);

  useEffect(() => {
    refresh().catch(() => {
      setStatus('anonymous');
    });
  }, [refresh]);

  // Session expired elsewhere, MFA now required, or the organisation changed state: reload /me.
  useEffect(
    () =>
      onAuthProblem(() => {
        void refresh().catch(() => {});
      }),
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/sign-out');
    } catch {
      // already signed out
    }
    setMe(null);
    setStatus('anonymous');
  }, []);

  const ready = Boolean(me?.mfa.passed);
  const changeLanguage = useCallback(
    async (next: Lang) => {
      setLang(next);
      if (ready) {
        await api.patch('/me', { body: { lang: next } });
        setMe((current) => (current ? { ...current, user: { ...current.user, lang: next } } : current));
      } else {
        chosenBeforeSignIn.current = true;
      }
    },
    [ready, setLang],
  );

  const can = useCallback(
    (permission: string | readonly string[] | undefined) => {
      if (!permission) return true;
      const held = me?.permissions ?? [];
      const wanted = typeof permission === 'string' ? [permission] : permission;
      return wanted.some((p) => held.includes(p) || held.includes('*'));
    },
    [me],
  );

  const value = useMemo<SessionValue>(() => ({ status, me, refresh, signOut, can, changeLanguage, ready }), [status, me, refresh, signOut, can, changeLanguage, ready]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user's data; only inside routes that require a session. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
