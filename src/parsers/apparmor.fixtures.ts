import type { ParserFixtures } from './fixture.ts';

export const APPARMOR_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
