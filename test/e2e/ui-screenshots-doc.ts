// docs/ui.md's "## Screenshots" section, made from the PNGs in docs/ui/ (so it links only to
// files that exist: a test checks every link in docs/). ui-screenshots.test.ts rewrites it when it
// writes the screenshots and otherwise checks that it still matches the files.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from '../helpers/server.ts';

export const DOC = path.join(ROOT, 'docs/ui.md');
export const SHOTS_DIR = path.join(ROOT, 'docs/ui');
const HEADING = '## Screenshots';

/** A screenshot's file name and what it shows, in the order the section lists them. */
export interface ShotCaption {
  readonly file: string;
  readonly caption: string;
}

/** The section's text for the screenshots among `captions` whose file exists. */
export async function screenshotsSection(captions: readonly ShotCaption[]): Promise<string> {
  const present = new Set(await readdir(SHOTS_DIR).catch(() => [] as string[]));
  const shown = captions.filter((shot) => present.has(shot.file));
  const intro = [
    'Made by `npm run docs:ui` (test/e2e/ui-screenshots.test.ts) in headless Chromium at 1280×800,',
    "light theme, on a fresh server seeded through the HTTP ingest with a bastion host's sshd lines: a",
    'brute force from one address that the shipped pack turns into an alert, scattered failures,',
    'accepted logins and some web requests.',
  ].join('\n');
  const list = shown.length === 0 ? ['(none made yet)'] : shown.map((shot) => `### ${shot.caption}\n\n![${shot.caption}](ui/${shot.file})`);
  return `${HEADING}\n\n${intro}\n\n${list.join('\n\n')}\n`;
}

/** docs/ui.md with its Screenshots section replaced by `section` (the section runs to the next `## ` heading or the end). */
export function withSection(doc: string, section: string): string {
  const start = doc.indexOf(`\n${HEADING}\n`);
  if (start < 0) throw new Error(`docs/ui.md has no "${HEADING}" section`);
  const next = doc.indexOf('\n## ', start + HEADING.length + 2);
  const end = next < 0 ? doc.length : next + 1;
  return `${doc.slice(0, start + 1)}${section}${next < 0 ? '' : `\n${doc.slice(end)}`}`;
}

export async function writeScreenshotsSection(captions: readonly ShotCaption[]): Promise<void> {
  const doc = await readFile(DOC, 'utf8');
  await writeFile(DOC, withSection(doc, await screenshotsSection(captions)));
}

/** The section as it stands, and as the files on disk would make it. */
export async function screenshotsSectionNowAndExpected(captions: readonly ShotCaption[]): Promise<{ now: string; expected: string }> {
  const doc = await readFile(DOC, 'utf8');
  return { now: doc, expected: withSection(doc, await screenshotsSection(captions)) };
}
