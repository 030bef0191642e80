import { hash, verify } from '@node-rs/argon2';

/** algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules). */
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of nothing, verified when the e-mail is unknown so both answers take the same time. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not a real password, only for timing');
  return dummyHash;
}

export type PasswordWeakness = 'too_short' | 'too_long' | 'too_simple' | 'contains_email';

/** Policy: 10–128 characters, at least three of lower, upper, digit, symbol, and not the e-mail name. */
export function checkPasswordPolicy(password: string, email: string): PasswordWeakness | null {
  if (password.length < 10) return 'too_short';
  if (password.length > 128) return 'too_long';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return 'too_simple';
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && password.toLowerCase().includes(local)) return 'contains_email';
  return null;
}
