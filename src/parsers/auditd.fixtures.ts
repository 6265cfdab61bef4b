import type { ParserFixtures } from './fixture.ts';

export const AUDITD_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
