// su's lines: util-linux su (Debian 12) and shadow su / sulog. R-EVENTS-1 (privilege use).
import type { ParserFixtures } from './fixture.ts';

const UTIL = 'util-linux su-common.c format (Debian 12)';
const SHADOW = 'shadow su.c / sulog format';
const line = (message: string, tag = 'su[4100]', pri = 86): string => `<${pri}>Mar  7 10:00:00 web1 ${tag}: ${message}`;
const SWITCH = { 'event.category': ['authentication'], 'event.action': 'switch-user', 'event.dataset': 'su', 'event.module': 'system' };

export const SU_FIXTURES: ParserFixtures = {
  matching: [
    {
      name: 'switched to root',
      origin: UTIL,
      syslog: line('(to root) alice on pts/0'),
      parser: 'su',
      rule: 'switched',
      expect: { ...SWITCH, 'event.type': ['start'], 'event.outcome': 'success', 'user.name': 'alice', 'user.target.name': 'root', 'related.user': ['alice', 'root'] },
    },
    {
      name: 'failed su to root',
      origin: UTIL,
      syslog: line('FAILED SU (to root) bob on pts/3', 'su[4102]', 85),
      parser: 'su',
      rule: 'switched',
      expect: { ...SWITCH, 'event.type': ['info'], 'event.outcome': 'failure', 'user.name': 'bob', 'user.target.name': 'root' },
    },
    {
      name: 'runuser to a service account, no terminal',
      origin: UTIL,
      syslog: line('(to postgres) root on none', 'runuser[880]'),
      parser: 'su',
      rule: 'switched',
      expect: { 'event.outcome': 'success', 'user.name': 'root', 'user.target.name': 'postgres' },
    },
    {
      name: 'successful su (shadow)',
      origin: SHADOW,
      syslog: line('Successful su for root by alice'),
      parser: 'su',
      rule: 'su-for',
      expect: { ...SWITCH, 'event.outcome': 'success', 'user.name': 'alice', 'user.target.name': 'root' },
    },
    {
      name: 'FAILED su (shadow)',
      origin: SHADOW,
      syslog: line('FAILED su for root by mallory', 'su[4103]', 85),
      parser: 'su',
      rule: 'su-for',
      expect: { ...SWITCH, 'event.outcome': 'failure', 'user.name': 'mallory', 'user.target.name': 'root' },
    },
    {
      name: 'sulog success',
      origin: SHADOW,
      syslog: line('+ pts/0 alice:root'),
      parser: 'su',
      rule: 'sulog',
      expect: { 'event.outcome': 'success', 'user.name': 'alice', 'user.target.name': 'root' },
    },
    {
      name: 'sulog failure',
      origin: SHADOW,
      syslog: line('- pts/1 mallory:root'),
      parser: 'su',
      rule: 'sulog',
      expect: { 'event.outcome': 'failure', 'user.name': 'mallory', 'user.target.name': 'root' },
    },
  ],
  nonMatching: [
    { name: 'su usage text', syslog: line('su: user nosuch does not exist or the user entry does not contain all the required fields'), why: 'an error printed to the terminal, no switch happened' },
    { name: 'a lookalike with no terminal', syslog: line('(to root) alice'), why: 'util-linux always names the terminal' },
    { name: 'a su-like line from another program', syslog: line('(to root) alice on pts/0', 'myapp[9]'), why: 'only su’s own lines are read as su’s' },
  ],
};
