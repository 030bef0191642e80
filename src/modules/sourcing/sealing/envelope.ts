import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  scryptSync,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The cryptography of sealed tender bids (README "Sealed tender bids" explains the scheme):
 *
 * - `sealTo(publicKey, plaintext, aad)`: ECIES — an ephemeral X25519 key agrees a secret with the
 *   recipient's public key, HKDF-SHA256 turns it into an AES-256-GCM key. Whoever sealed keeps
 *   nothing: only the holder of the recipient's private key can open the envelope.
 * - a tender has one X25519 key pair; bids are sealed to its public key. Its private key exists
 *   only for a moment at publication, where it is split 2-of-3 (Shamir) and each share is sealed
 *   to one designated opener's personal key for that tender;
 * - an opener's private key is encrypted under a key derived from their opening passphrase
 *   (scrypt) AND the server's sealing secret, which lives outside the database. Neither a copy of
 *   the database nor the server secret alone opens anything; both plus a quorum of passphrases do,
 *   and the server only accepts passphrases within the opening window.
 */

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface RawKeyPair {
  publicKey: Buffer;
  privateKey: Buffer;
}

export function generateKeyPair(): RawKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicKey: rawPublic(publicKey), privateKey: Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url') };
}

function rawPublic(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  if (raw.length !== KEY_BYTES) throw new Error('bad X25519 public key');
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** PKCS#8 DER prefix of an X25519 private key (RFC 8410): the raw 32 bytes follow. */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

function privateKeyObject(raw: Uint8Array): KeyObject {
  if (raw.length !== KEY_BYTES) throw new Error('bad X25519 private key');
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

/** The public key that belongs to a raw private key (to check a rebuilt key before use). */
export function publicKeyOf(privateKey: Uint8Array): Buffer {
  return rawPublic(createPublicKey(privateKeyObject(privateKey)));
}

function aesEncrypt(key: Uint8Array, plaintext: Uint8Array, aad: string): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

function aesDecrypt(key: Uint8Array, iv: Uint8Array, tag: Uint8Array, ciphertext: Uint8Array, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** Envelope layout: version(1) | ephemeral public key(32) | iv(12) | tag(16) | ciphertext. */
export function sealTo(recipientPublicKey: Uint8Array, plaintext: Uint8Array, aad: string): Buffer {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublic(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyObject(recipientPublicKey) });
  const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublicKey]), `cotrade sealed v${VERSION}`, KEY_BYTES));
  const { iv, tag, ciphertext } = aesEncrypt(key, plaintext, aad);
  key.fill(0);
  return Buffer.concat([Buffer.from([VERSION]), ephemeralPublic, iv, tag, ciphertext]);
}

/** Opens an envelope sealed to the key pair of `recipientPrivateKey`; throws if it was altered or `aad` differs. */
export function openSealed(recipientPrivateKey: Uint8Array, envelope: Uint8Array, aad: string): Buffer {
  if (envelope[0] !== VERSION || envelope.length < 1 + KEY_BYTES + IV_BYTES + TAG_BYTES) throw new Error('not a sealed envelope');
  const ephemeralPublic = envelope.subarray(1, 1 + KEY_BYTES);
  const iv = envelope.subarray(1 + KEY_BYTES, 1 + KEY_BYTES + IV_BYTES);
  const tag = envelope.subarray(1 + KEY_BYTES + IV_BYTES, 1 + KEY_BYTES + IV_BYTES + TAG_BYTES);
  const ciphertext = envelope.subarray(1 + KEY_BYTES + IV_BYTES + TAG_BYTES);
  const privateKey = privateKeyObject(recipientPrivateKey);
  const shared = diffieHellman({ privateKey, publicKey: publicKeyObject(ephemeralPublic) });
  const recipientPublic = rawPublic(createPublicKey(privateKey));
  const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), `cotrade sealed v${VERSION}`, KEY_BYTES));
  try {
    return aesDecrypt(key, iv, tag, ciphertext, aad);
  } finally {
    key.fill(0);
  }
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

// --- the server's sealing secret -------------------------------------------------------------------

let cachedSecret: Buffer | null = null;

/**
 * The server's sealing secret: `COTRADE_SEALING_SECRET` (at least 32 characters; every server
 * process of one deployment must share it), else `<COTRADE_DATA_DIR>/sealing.key`, created on first
 * use. It never goes into the database, so a copy of the database alone cannot even start guessing
 * opener passphrases.
 */
export function sealingSecret(): Buffer {
  if (cachedSecret) return cachedSecret;
  const fromEnv = process.env.COTRADE_SEALING_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('COTRADE_SEALING_SECRET must be at least 32 characters');
    cachedSecret = createHash('sha256').update(fromEnv).digest();
    return cachedSecret;
  }
  const dir = path.resolve(process.env.COTRADE_DATA_DIR ?? './data');
  const file = path.join(dir, 'sealing.key');
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  cachedSecret = createHash('sha256').update(readFileSync(file, 'utf8').trim()).digest();
  return cachedSecret;
}

/** For tests that switch secrets. */
export function resetSealingSecretCache(): void {
  cachedSecret = null;
}

// --- opener keys -----------------------------------------------------------------------------------

/** scrypt cost: ~50–100 ms and 32 MiB per derivation, paid once per acceptance and per opening confirmation. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function passphraseKey(passphrase: string, salt: Uint8Array, context: string): Buffer {
  const stretched = scryptSync(passphrase.normalize('NFC'), salt, KEY_BYTES, SCRYPT);
  const key = Buffer.from(hkdfSync('sha256', Buffer.concat([stretched, sealingSecret()]), salt, `cotrade opener key v${VERSION}|${context}`, KEY_BYTES));
  stretched.fill(0);
  return key;
}

export interface ProtectedOpenerKey {
  publicKey: Buffer;
  salt: Buffer;
  /** iv(12) | tag(16) | encrypted private key(32) */
  protectedPrivateKey: Buffer;
}

/** A fresh opener key pair whose private half only the passphrase (with the server secret) unlocks. */
export function createOpenerKey(passphrase: string, context: string): ProtectedOpenerKey {
  const pair = generateKeyPair();
  const salt = randomBytes(16);
  const key = passphraseKey(passphrase, salt, context);
  const { iv, tag, ciphertext } = aesEncrypt(key, pair.privateKey, context);
  key.fill(0);
  pair.privateKey.fill(0);
  return { publicKey: pair.publicKey, salt, protectedPrivateKey: Buffer.concat([iv, tag, ciphertext]) };
}

/** The opener's private key, or null when the passphrase is wrong. */
export function unlockOpenerKey(passphrase: string, context: string, stored: { salt: Uint8Array; protectedPrivateKey: Uint8Array }): Buffer | null {
  const key = passphraseKey(passphrase, stored.salt, context);
  try {
    const blob = stored.protectedPrivateKey;
    return aesDecrypt(key, blob.subarray(0, IV_BYTES), blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES), blob.subarray(IV_BYTES + TAG_BYTES), context);
  } catch {
    return null;
  } finally {
    key.fill(0);
  }
}

// --- released shares: a share an opener released in the opening window, kept until the quorum is met ---

function releaseKey(context: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sealingSecret(), Buffer.from(context), `cotrade released share v${VERSION}`, KEY_BYTES));
}

export function wrapReleasedShare(share: Uint8Array, context: string): Buffer {
  const key = releaseKey(context);
  const { iv, tag, ciphertext } = aesEncrypt(key, share, context);
  key.fill(0);
  return Buffer.concat([iv, tag, ciphertext]);
}

export function unwrapReleasedShare(blob: Uint8Array, context: string): Buffer {
  const key = releaseKey(context);
  try {
    return aesDecrypt(key, blob.subarray(0, IV_BYTES), blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES), blob.subarray(IV_BYTES + TAG_BYTES), context);
  } finally {
    key.fill(0);
  }
}
