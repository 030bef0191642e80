import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createOpenerKey, generateKeyPair, openSealed, publicKeyOf, sealTo, unlockOpenerKey, unwrapReleasedShare, wrapReleasedShare } from './envelope.ts';
import { combineShares, splitSecret } from './shamir.ts';

process.env.COTRADE_SEALING_SECRET ??= 'test-sealing-secret-0123456789abcdefghijklmnop';

function subsets<T>(items: T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

describe('Shamir secret sharing over GF(256)', () => {
  test('every subset of at least the threshold rebuilds the secret; smaller ones do not', () => {
    for (const [count, threshold] of [[3, 2], [5, 3], [4, 4], [2, 1]] as const) {
      const secret = randomBytes(32);
      const shares = splitSecret(secret, count, threshold);
      assert.equal(shares.length, count);
      for (let size = 1; size <= count; size++) {
        for (const subset of subsets(shares, size)) {
          const rebuilt = combineShares(subset);
          if (size >= threshold) assert.ok(rebuilt.equals(secret), `${size} of ${count} (threshold ${threshold})`);
          else assert.ok(!rebuilt.equals(secret), `${size} shares below threshold ${threshold} must not rebuild it`);
        }
      }
    }
  });

  test('refuses impossible splits and repeated shares', () => {
    assert.throws(() => splitSecret(randomBytes(8), 2, 3));
    assert.throws(() => splitSecret(randomBytes(8), 3, 0));
    const shares = splitSecret(randomBytes(8), 3, 2);
    assert.throws(() => combineShares([shares[0]!, shares[0]!]));
  });
});

describe('sealed envelopes', () => {
  test('only the recipient opens; a changed byte or other associated data is refused', () => {
    const recipient = generateKeyPair();
    assert.ok(publicKeyOf(recipient.privateKey).equals(recipient.publicKey));
    const envelope = sealTo(recipient.publicKey, Buffer.from('{"unitPrice":"8765.4321"}'), 'tender:1|bid:1');
    assert.ok(!envelope.includes(Buffer.from('8765.4321')));
    assert.equal(openSealed(recipient.privateKey, envelope, 'tender:1|bid:1').toString(), '{"unitPrice":"8765.4321"}');
    assert.throws(() => openSealed(generateKeyPair().privateKey, envelope, 'tender:1|bid:1'));
    assert.throws(() => openSealed(recipient.privateKey, envelope, 'tender:1|bid:2'));
    const tampered = Buffer.from(envelope);
    tampered[tampered.length - 1]! ^= 1;
    assert.throws(() => openSealed(recipient.privateKey, tampered, 'tender:1|bid:1'));
    // Sealing twice gives different envelopes (fresh ephemeral key and IV each time).
    assert.ok(!sealTo(recipient.publicKey, Buffer.from('x'), 'a').equals(sealTo(recipient.publicKey, Buffer.from('x'), 'a')));
  });

  test('an opener key opens only with its passphrase and context; released shares round-trip', () => {
    const key = createOpenerKey('correct horse battery staple', 'tender:t|opener:u');
    const unlocked = unlockOpenerKey('correct horse battery staple', 'tender:t|opener:u', key);
    assert.ok(unlocked && publicKeyOf(unlocked).equals(key.publicKey));
    assert.equal(unlockOpenerKey('wrong horse battery staple', 'tender:t|opener:u', key), null);
    assert.equal(unlockOpenerKey('correct horse battery staple', 'tender:t|opener:other', key), null);
    const share = randomBytes(33);
    const wrapped = wrapReleasedShare(share, 'ctx');
    assert.ok(unwrapReleasedShare(wrapped, 'ctx').equals(share));
    assert.throws(() => unwrapReleasedShare(wrapped, 'other'));
  });

  test('the whole chain: bids sealed to a tender key split among openers open with a quorum of passphrases', () => {
    const tender = generateKeyPair();
    const openers = ['a', 'b', 'c'].map((u) => ({ u, key: createOpenerKey(`passphrase of ${u} 123`, `opener:${u}`) }));
    const shares = splitSecret(tender.privateKey, 3, 2).map((s, i) => sealTo(openers[i]!.key.publicKey, s, `share:${openers[i]!.u}`));
    const bid = sealTo(tender.publicKey, Buffer.from('bid 1234.56'), 'bid');
    const released = [0, 2].map((i) => openSealed(unlockOpenerKey(`passphrase of ${openers[i]!.u} 123`, `opener:${openers[i]!.u}`, openers[i]!.key)!, shares[i]!, `share:${openers[i]!.u}`));
    assert.equal(openSealed(combineShares(released), bid, 'bid').toString(), 'bid 1234.56');
  });
});
