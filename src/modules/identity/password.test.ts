import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.ts';

const EMAIL = 'zhang.wei@grid.example';

test('password policy table: length, character classes and the e-mail name', () => {
  const cases: Array<[string, ReturnType<typeof checkPasswordPolicy>]> = [
    ['Aa1!aaaaa', 'too_short'], // 9 characters
    ['Aa1!aaaaaa', null], // 10 characters, four classes
    ['abcdefghij', 'too_simple'], // one class
    ['abcdefghi1', 'too_simple'], // two classes
    ['abcdefgh1!', null], // three classes without upper case
    ['ABCDEFGH1!', null],
    ['Abcdefghij', 'too_simple'],
    ['Abcdefghi1', null],
    [`A1!${'a'.repeat(125)}`, null], // 128 characters
    [`A1!${'a'.repeat(126)}`, 'too_long'], // 129 characters
    ['Zhang.Wei#2024', 'contains_email'], // contains the local part, case-insensitively
    ['密码Abc12345', null], // CJK counts as a symbol class
  ];
  for (const [password, expected] of cases) assert.equal(checkPasswordPolicy(password, EMAIL), expected, password);
});

test('a short e-mail name does not forbid passwords that contain it', () => {
  assert.equal(checkPasswordPolicy('Abc#Def123', 'abc@x.test'), null);
});

test('a hash verifies its own password only, and a garbage hash verifies nothing', async () => {
  const hash = await hashPassword('Right#Passw0rd');
  assert.match(hash, /^\$argon2id\$/);
  assert.equal(await verifyPassword(hash, 'Right#Passw0rd'), true);
  assert.equal(await verifyPassword(hash, 'Wrong#Passw0rd'), false);
  assert.equal(await verifyPassword('not-a-hash', 'Right#Passw0rd'), false);
});
