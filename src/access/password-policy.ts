// The password policy (access.users.passwordPolicy): long enough, not absurdly long, not the user's
// own name, not one of the passwords every guesser tries first, not one character repeated. Length
// over composition rules, as NIST SP 800-63B advises. The refusal names the rule that was broken
// and never the password. Pure.
import { LogwardenError } from '../errors/codes.ts';
import type { PasswordPolicy } from './sign-in-schema.ts';

/**
 * The most used passwords of 8 characters or more in public breach lists (and this product's name):
 * small on purpose, it only stops the first guesses. Compared in lower case.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  '12345678',
  '123456789',
  '1234567890',
  '12345678910',
  '123456789012',
  '1234567891011',
  '87654321',
  '11111111',
  '00000000',
  'qwertyuiop',
  'qwerty123',
  'qwerty12345',
  'qwertyuiop123',
  '1q2w3e4r',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5y6',
  'asdfghjkl',
  'zxcvbnm123',
  'iloveyou',
  'iloveyou123',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'trustno1',
  'whatever',
  'starwars',
  'letmein',
  'letmein123',
  'welcome1',
  'welcome123',
  'changeme',
  'changeme123',
  'administrator',
  'admin123',
  'admin12345',
  'adminadmin',
  'rootroot',
  'logwarden',
  'logwarden123',
  'correcthorsebatterystaple',
]);

/** Refuse `password` for user `name` when it breaks a rule of `policy` (LW_PASSWORD_POLICY, naming the rule). */
export function checkPassword(password: string, name: string, policy: PasswordPolicy): void {
  const broken = brokenRule(password, name, policy);
  if (broken !== undefined) throw new LogwardenError('LW_PASSWORD_POLICY', `the password was refused: ${broken}`, { rule: broken.split(':')[0] });
}

/** The rule the password breaks, as `rule: explanation`; undefined when it meets the policy. */
export function brokenRule(password: string, name: string, policy: PasswordPolicy): string | undefined {
  const characters = [...password].length;
  if (characters < policy.minLength) return `minLength: it has ${characters} characters, the policy asks for at least ${policy.minLength}`;
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes > policy.maxBytes) return `maxBytes: it is ${bytes} bytes long (UTF-8), the policy allows at most ${policy.maxBytes}`;
  const lower = password.toLowerCase();
  if (containsName(lower, name.toLowerCase())) return 'notUserName: it contains the user name';
  if (COMMON_PASSWORDS.has(lower)) return 'notCommon: it is on the list of the most used ones, the first any guesser tries';
  if (new Set(password).size === 1) return 'notRepeated: it is one character repeated';
  return undefined;
}

/** Names of 4 characters or more may not appear anywhere in it; shorter ones may not be all of it. */
function containsName(lowerPassword: string, lowerName: string): boolean {
  if (lowerName.length === 0) return false;
  return lowerName.length >= 4 ? lowerPassword.includes(lowerName) : lowerPassword === lowerName;
}
