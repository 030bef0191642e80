import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkUscc, completeUscc, normalizeUscc, usccCheckChar } from './uscc.ts';

// Codes printed on real business licences (published registry entries).
const REAL_CODES = ['91350100M000100Y43', '91110000802100433B', '91440300708461136T', '91110108551385082Q'];

test('accepts real unified social credit codes', () => {
  for (const code of REAL_CODES) assert.equal(checkUscc(code), null, code);
});

test('computes the GB 32100-2015 check character of real codes', () => {
  for (const code of REAL_CODES) assert.equal(usccCheckChar(code.slice(0, 17)), code[17], code);
});

test('rejects a code whose check character was changed to any other symbol', () => {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  for (const code of REAL_CODES) {
    for (const wrong of alphabet.replace(code[17]!, '')) {
      assert.equal(checkUscc(code.slice(0, 17) + wrong), 'check_character', `${code.slice(0, 17)}${wrong}`);
    }
  }
});

test('rejects a code with two body characters swapped', () => {
  // 91350100M000100Y43 with "M0" → "0M": the weighted sum changes, so the check char no longer fits.
  assert.equal(checkUscc('913501000M00100Y43'), 'check_character');
});

test('rejects codes of the wrong length', () => {
  assert.equal(checkUscc('91350100M000100Y4'), 'length');
  assert.equal(checkUscc('91350100M000100Y433'), 'length');
  assert.equal(checkUscc(''), 'length');
});

test('rejects the letters I, O, S, V and Z, which the standard never uses', () => {
  for (const letter of 'IOSVZ') {
    const code = `91350100${letter}000100Y43`;
    assert.equal(checkUscc(code), 'characters', code);
  }
});

test('requires digits in the administrative division code', () => {
  assert.equal(checkUscc('9135A100M000100Y43'), 'characters');
});

test('accepts lower case and surrounding spaces and normalises them', () => {
  assert.equal(checkUscc(' 91350100m000100y43 '), null);
  assert.equal(normalizeUscc(' 91350100m000100y43 '), '91350100M000100Y43');
});

test('completes 17 characters into a code that passes its own check', () => {
  for (const body of ['91320000000000001', '12100000400000398', '9144030071526726X']) {
    assert.equal(checkUscc(completeUscc(body)), null, body);
  }
});
