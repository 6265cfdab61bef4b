import type { ParserFixtures } from './fixture.ts';

export const WINDOWS_SECURITY_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
