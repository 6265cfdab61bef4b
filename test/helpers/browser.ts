// Test helper: Debian's Chromium (installed by scripts/install-test-deps), driven headless by
// playwright-core, with no browser download. Each page records what must never happen in the UI:
// console errors, uncaught exceptions, failed requests to other origins, and Content Security
// Policy violations (reported by the page itself through the `securitypolicyviolation` event).
// Tests end with `assert.deepEqual(page.problems(), [])`.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['LOGWARDEN_CHROMIUM'] ?? '/usr/bin/chromium';
/** The flags the machine needs (docs/ui.md): no sandbox as root, no GPU, no calls home. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors, page errors and CSP violations seen so far. */
  problems(): string[];
  close(): Promise<void>;
}

const CSP_MARKER = 'logwarden-test: CSP violation';

export interface PageOptions {
  readonly colorScheme?: 'light' | 'dark';
  readonly viewport?: { width: number; height: number };
  /** Console errors that a test provokes on purpose (a refused sign-in answers 401): matched and not counted. */
  readonly expectedErrors?: readonly RegExp[];
}

/** A new context (own cookies) and page at 1280×800 that records problems. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light', ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const problems: string[] = [];
  const expected = options.expectedErrors ?? [];
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('${CSP_MARKER}: ' + e.violatedDirective + ' ' + e.blockedURI));`);
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (!expected.some((pattern) => pattern.test(text))) problems.push(`console: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, context, problems: () => [...problems], close: () => context.close() };
}

/** Sign in through the form, by its accessible names (the contract's labels). */
export async function signInThroughForm(page: Page, baseUrl: string, user: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/ui/`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
