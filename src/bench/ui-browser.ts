// Headless Chromium for the UI bench (src/bench/ui.ts), launched as the UI's tests launch it
// (test/helpers/browser.ts: Debian's chromium driven by playwright-core, no browser download),
// and what the bench watches inside the page. Timings are taken in the page itself, against the
// navigation's start, so Playwright's polling adds nothing to them.
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env['LOGWARDEN_CHROMIUM'] ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/**
 * Runs in the page before its own scripts, on every load: records (ms since the navigation began,
 * at the frame after the change) when the view's h1 first shows, when the first result row shows
 * (a row with no column header in it), when Enter was last pressed, and when after that the table
 * shows exactly one row, holding the rare token.
 */
export function watchScript(token: string): string {
  return `(() => {
  const marks = (window.lwBench = {});
  const at = (name) => { if (marks[name] === undefined) requestAnimationFrame(() => { if (marks[name] === undefined) marks[name] = performance.now(); }); };
  const dataRows = () => [...document.querySelectorAll('main [role="row"], main tr')].filter((row) => !row.querySelector('th, [role="columnheader"]'));
  document.addEventListener('keydown', (event) => { if (event.key === 'Enter') { marks.enterAt = performance.now(); delete marks.rareShownAt; } }, true);
  new MutationObserver(() => {
    if (document.querySelector('main h1')) at('h1At');
    const rows = dataRows();
    if (rows.length > 0) at('firstRowAt');
    if (marks.enterAt !== undefined && rows.length === 1 && rows[0].textContent.includes(${JSON.stringify(token)})) at('rareShownAt');
  }).observe(document, { childList: true, subtree: true, characterData: true });
})();`;
}

export interface Marks {
  readonly h1At?: number;
  readonly firstRowAt?: number;
  readonly enterAt?: number;
  readonly rareShownAt?: number;
}

export async function marks(page: Page): Promise<Marks> {
  return (await page.evaluate('window.lwBench')) as Marks;
}

/**
 * Wait until the mark is set; false when it is not within `timeout` ms (the view does not do it
 * yet). Polled with plain evaluations: the marks are taken in the page, so the polling adds nothing
 * to them, and Playwright's waitForFunction stalled this page's own fetches in Debian's Chromium.
 */
export async function waitForMark(page: Page, name: keyof Marks, timeout: number): Promise<boolean> {
  const giveUpAt = performance.now() + timeout;
  for (;;) {
    if ((await marks(page))?.[name] !== undefined) return true;
    if (performance.now() > giveUpAt) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sign in through the form by the contract's labels. */
export async function signIn(page: Page, http: string, user: string, password: string): Promise<void> {
  await page.goto(`${http}/ui/`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
