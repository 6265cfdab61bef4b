// What the UI quality and screenshot tests ask the page (test/e2e/ui-quality.test.ts): the
// accessible names Chromium itself computes (its accessibility tree over the DevTools protocol,
// not a re-implementation of the naming rules), whether Tab shows a focus indicator, whether the
// body scrolls sideways, and the page's colours.
import type { Page } from 'playwright-core';

// What the functions handed to page.evaluate touch in the page. The tests' tsconfig has no DOM
// library (tests run in Node), so the little they use is declared here, for this file only.
interface InPageStyle {
  readonly outlineStyle: string;
  readonly outlineWidth: string;
  readonly outlineColor: string;
  readonly boxShadow: string;
  readonly backgroundColor: string;
  readonly color: string;
}
interface InPageElement {
  readonly tagName: string;
  readonly id: string;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number; readonly width: number; readonly height: number };
  contains(other: InPageElement | null): boolean;
  blur(): void;
}
declare const document: {
  readonly activeElement: InPageElement | null;
  readonly body: InPageElement;
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  querySelector(selector: string): InPageElement | null;
  querySelectorAll(selector: string): Iterable<InPageElement>;
};
declare const window: { readonly innerWidth: number; readonly innerHeight: number; lwLooks?: Map<InPageElement, string>; lwIds?: WeakMap<InPageElement, number>; lwNextId?: number };
declare function getComputedStyle(element: InPageElement): InPageStyle;

/** Roles of controls a person operates: each needs a name a screen reader can say. */
const CONTROL_ROLES = new Set(['button', 'textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'switch', 'slider', 'spinbutton', 'link', 'menuitem', 'tab']);

interface AxValue {
  readonly value?: unknown;
  readonly sources?: readonly { readonly type: string; readonly attribute?: string; readonly value?: { readonly value?: unknown } }[];
}
interface AxNode {
  readonly ignored: boolean;
  readonly role?: AxValue;
  readonly name?: AxValue;
  readonly backendDOMNodeId?: number;
}

/** Controls with no accessible name, or named only by a placeholder (it vanishes as one types): `role <tag attrs>` each. */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const problems: string[] = [];
    for (const node of nodes) {
      const role = String(node.role?.value ?? '');
      if (node.ignored || !CONTROL_ROLES.has(role)) continue;
      const name = String(node.name?.value ?? '').trim();
      const placeholderOnly = name !== '' && namedOnlyByPlaceholder(node.name);
      if (name !== '' && !placeholderOnly) continue;
      const described = node.backendDOMNodeId === undefined ? '' : await describe(cdp, node.backendDOMNodeId);
      problems.push(`${role}${placeholderOnly ? ' (named only by its placeholder)' : ''} ${described}`);
    }
    return problems;
  } finally {
    await cdp.detach();
  }
}

function namedOnlyByPlaceholder(name: AxValue | undefined): boolean {
  const used = (name?.sources ?? []).filter((source) => source.value?.value !== undefined && String(source.value.value).trim() !== '');
  return used.length > 0 && used.every((source) => source.attribute === 'placeholder' || source.type === 'placeholder');
}

async function describe(cdp: { send(method: 'DOM.describeNode', params: { backendNodeId: number }): Promise<unknown> }, backendNodeId: number): Promise<string> {
  const { node } = (await cdp.send('DOM.describeNode', { backendNodeId })) as { node: { nodeName: string; attributes?: string[] } };
  return `<${node.nodeName.toLowerCase()} ${(node.attributes ?? []).join(' ')}>`;
}

/** Remember each focusable element's outline and shadow while nothing is focused (in the page). */
export async function rememberUnfocusedLooks(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.activeElement?.blur();
    const looks = new Map<InPageElement, string>();
    for (const element of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')) {
      const style = getComputedStyle(element);
      looks.set(element, `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} | ${style.boxShadow}`);
    }
    window.lwLooks = looks;
  });
}

export interface FocusStop {
  /** Tag, and the text or label, to name the element in a failure. */
  readonly what: string;
  /** Its outline or shadow differs from its unfocused look, with a visible outline or a shadow. */
  readonly indicated: boolean;
  /** Its box lies inside the viewport (a skip link slides in; nothing is focused off-screen). */
  readonly onScreen: boolean;
}

/** The element Tab has just focused, and whether one can see that it has focus. */
export async function focusStop(page: Page): Promise<FocusStop | undefined> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return undefined;
    const style = getComputedStyle(element);
    const now = `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} | ${style.boxShadow}`;
    const before = window.lwLooks?.get(element);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
    const shadowed = style.boxShadow !== 'none';
    const box = element.getBoundingClientRect();
    const text = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40);
    return {
      what: `${element.tagName.toLowerCase()} "${text}"`,
      indicated: now !== before && (outlined || shadowed),
      onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0 && box.left < window.innerWidth && box.top < window.innerHeight,
    };
  });
}

/** The document scrolls sideways (something is wider than the window). */
export async function scrollsSideways(page: Page): Promise<{ scrollWidth: number; clientWidth: number } | undefined> {
  return page.evaluate(() => {
    const root = document.documentElement;
    return root.scrollWidth > root.clientWidth ? { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth } : undefined;
  });
}

/** The body's background luminance (0 black … 1 white) and its text's contrast ratio against it. */
export async function bodyColours(page: Page): Promise<{ luminance: number; contrast: number }> {
  const [background, text] = await page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return [style.backgroundColor, style.color];
  });
  const luminance = relativeLuminance(background);
  const other = relativeLuminance(text);
  const contrast = (Math.max(luminance, other) + 0.05) / (Math.min(luminance, other) + 0.05);
  return { luminance, contrast };
}

/** WCAG relative luminance of a computed `rgb(r, g, b)` colour. */
export function relativeLuminance(colour: string): number {
  const channels = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  if (channels.length !== 3) throw new Error(`not an rgb() colour: ${colour}`);
  const [r, g, b] = channels.map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** A number that names the focused element across Tab presses, even if the page changes meanwhile (a live view); -1 for none. */
export async function focusedIndex(page: Page): Promise<number> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return -1;
    const ids = (window.lwIds ??= new WeakMap());
    if (!ids.has(element)) ids.set(element, (window.lwNextId = (window.lwNextId ?? 0) + 1));
    return ids.get(element) ?? -1;
  });
}

/** Focus is inside the main region (on the view's h1 or what the view focused itself). */
export async function waitForFocusInMain(page: Page, timeout = 5000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('main')?.contains(document.activeElement) ?? false, undefined, { timeout });
}

/** The focused element's text and id. */
export async function focused(page: Page): Promise<{ text: string; id: string } | undefined> {
  return page.evaluate(() => {
    const element = document.activeElement;
    return element && element !== document.body ? { text: (element.textContent ?? '').trim(), id: element.id } : undefined;
  });
}
