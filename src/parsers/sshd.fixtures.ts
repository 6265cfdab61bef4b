import type { ParserFixtures } from './fixture.ts';

export const SSHD_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
