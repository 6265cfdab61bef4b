// Local users: name, argon2id password hash, role, systems, disabled flag, failed attempts and
// lockout. Kept in `<data-dir>/secrets/users.json` (0600, replaced atomically) like the tokens, so
// password hashes never reach the engine or the ledger; every change is an audit event.
//
// SCAFFOLD (issue 13): the users helper builds this.
import type { Grant } from './roles.ts';

export interface UserInfo {
  readonly name: string;
  readonly role: string;
  readonly systems?: readonly string[];
  readonly disabled: boolean;
  readonly createdAt: string;
}

export class UserStore {
  readonly #secretsDir: string;

  constructor(secretsDir: string, _config: unknown) {
    this.#secretsDir = secretsDir;
  }

  get file(): string {
    return `${this.#secretsDir}/users.json`;
  }

  async open(): Promise<void> {}

  /** The grant of a user whose password is right, who is enabled and not locked out; undefined otherwise. */
  async signIn(_name: string, _password: string, _now: number): Promise<Grant | undefined> {
    return undefined;
  }

  /** The grant of an enabled user by name (single sign-on, sessions); undefined when unknown or disabled. */
  grantOf(_name: string): Grant | undefined {
    return undefined;
  }

  list(): UserInfo[] {
    return [];
  }
}
