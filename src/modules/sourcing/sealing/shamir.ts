import { randomBytes } from 'node:crypto';

/**
 * Shamir secret sharing over GF(2^8) (the AES field, polynomial x^8 + x^4 + x^3 + x + 1), byte by
 * byte: any `threshold` of the `count` shares rebuild the secret, fewer reveal nothing about it.
 * A share is `[x, y_1 … y_n]` with x in 1..255. Used to split a tender's private opening key among
 * its designated openers (docs: README "Sealed tender bids").
 */

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
(() => {
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    // multiply by the generator 3: x * 2 xor x, reduced by the field polynomial
    x ^= (x << 1) ^ (x & 0x80 ? 0x11b : 0);
    x &= 0xff;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
})();

function mul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[LOG[a]! + LOG[b]!]!;
}

function div(a: number, b: number): number {
  if (b === 0) throw new Error('division by zero in GF(256)');
  if (a === 0) return 0;
  return EXP[(LOG[a]! + 255 - LOG[b]!) % 255]!;
}

/** Splits `secret` into `count` shares of which any `threshold` rebuild it. */
export function splitSecret(secret: Uint8Array, count: number, threshold: number): Buffer[] {
  if (!Number.isInteger(count) || !Number.isInteger(threshold) || threshold < 1 || threshold > count || count > 255) {
    throw new Error(`cannot split into ${count} shares with threshold ${threshold}`);
  }
  const shares = Array.from({ length: count }, (_, i) => {
    const share = Buffer.alloc(secret.length + 1);
    share[0] = i + 1;
    return share;
  });
  for (let byte = 0; byte < secret.length; byte++) {
    // A random polynomial of degree threshold-1 whose constant term is the secret byte.
    const coefficients = [secret[byte]!, ...randomBytes(threshold - 1)];
    for (const share of shares) {
      const x = share[0]!;
      let y = 0;
      for (let c = coefficients.length - 1; c >= 0; c--) y = mul(y, x) ^ coefficients[c]!;
      share[byte + 1] = y;
    }
  }
  return shares;
}

/** Rebuilds the secret from at least `threshold` distinct shares (Lagrange interpolation at 0). */
export function combineShares(shares: readonly Uint8Array[]): Buffer {
  if (!shares.length) throw new Error('no shares');
  const length = shares[0]!.length;
  const xs = shares.map((s) => s[0]!);
  if (shares.some((s) => s.length !== length) || new Set(xs).size !== xs.length || xs.includes(0)) throw new Error('shares are malformed or repeated');
  const secret = Buffer.alloc(length - 1);
  for (let byte = 1; byte < length; byte++) {
    let value = 0;
    for (let i = 0; i < shares.length; i++) {
      let basis = 1;
      for (let j = 0; j < shares.length; j++) {
        if (i === j) continue;
        // l_i(0) = prod x_j / (x_j - x_i); subtraction is xor in GF(2^8)
        basis = mul(basis, div(xs[j]!, xs[j]! ^ xs[i]!));
      }
      value ^= mul(shares[i]![byte]!, basis);
    }
    secret[byte - 1] = value;
  }
  return secret;
}
