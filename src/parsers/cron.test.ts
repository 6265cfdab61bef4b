// What the cron parser leaves to others: cron's PAM session lines are the PAM parser's, so the cron
// parser itself must not claim them even though they come from program cron (fixtures cannot show
// this: once the PAM parser is in the table, some parser does claim them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CRON_PARSERS } from './cron.ts';

const [cron] = CRON_PARSERS;

test('the cron parser does not claim pam_unix(cron:session) lines (R-EVENTS-1 left to PAM)', () => {
  for (const message of ['pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)', 'pam_unix(cron:session): session closed for user root']) {
    assert.equal(cron?.parse({ message, program: 'cron', event: { message } }), undefined, message);
  }
});

test('the cron parser reads its own CMD line (the check above is not vacuous)', () => {
  const message = '(root) CMD (run-parts /etc/cron.hourly)';
  assert.equal(cron?.parse({ message, program: 'cron', event: { message } })?.rule, 'command');
});
