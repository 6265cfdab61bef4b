// The world the web UI's end-to-end tests run in (test/e2e/ui-*.test.ts): the built server
// (dist/, which serves the built UI at /ui/) in a fresh data dir, local users with passwords made
// through the real CLI, and headless Chromium (test/helpers/browser.ts). One browser per test file.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, signInThroughForm, type PageOptions, type WatchedPage } from '../helpers/browser.ts';
import { makeDataDir, removeDataDir, runCli, spawnServer, type CliResult, type SpawnedServer } from '../helpers/server.ts';

export const ADMIN = { user: 'ada', password: 'correct-horse-battery-staple-1' } as const;

export interface UiWorld {
  readonly server: SpawnedServer;
  readonly url: string;
  readonly browser: Browser;
  readonly dataDir: string;
  /** The CLI against this server with the initial admin token. */
  cli(args: string[]): Promise<CliResult>;
  /** A local user with a password (`logwarden user add`); `systems` limits the user within the role. */
  addUser(name: string, role: string, password: string, systems?: readonly string[]): Promise<void>;
  /** A new page (own cookies) signed in as `user` through the form. */
  signedIn(user?: string, password?: string, options?: PageOptions): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface UiWorldOptions {
  /** The configuration file's YAML (systems, detection, alerts …). */
  readonly config?: string;
  readonly serverArgs?: readonly string[];
}

export async function startUiWorld(options: UiWorldOptions = {}): Promise<UiWorld> {
  const dataDir = await makeDataDir();
  const args = [...(options.serverArgs ?? [])];
  if (options.config !== undefined) {
    const file = path.join(dataDir, 'logwarden.yaml');
    await writeFile(file, options.config);
    args.push('--config', file);
  }
  const server = await spawnServer(dataDir, args);
  const browser = await launchBrowser();
  const cli = (cliArgs: string[]) => runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, ...cliArgs]);
  const addUser = async (name: string, role: string, password: string, systems: readonly string[] = []) => {
    const file = path.join(dataDir, `${name}.pw`);
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    const added = await cli(['user', 'add', name, '--role', role, '--password-file', file, ...(systems.length > 0 ? ['--systems', systems.join(',')] : [])]);
    if (added.code !== 0) throw new Error(`user add ${name}: ${added.stderr}`);
  };
  await addUser(ADMIN.user, 'admin', ADMIN.password);
  return {
    server,
    url: server.httpUrl,
    browser,
    dataDir,
    cli,
    addUser,
    signedIn: async (user = ADMIN.user, password = ADMIN.password, pageOptions = {}) => {
      const watched = await openPage(browser, pageOptions);
      await signInThroughForm(watched.page, server.httpUrl, user, password);
      return watched;
    },
    close: async () => {
      await browser.close();
      await server.stop();
      await removeDataDir(dataDir);
    },
  };
}
