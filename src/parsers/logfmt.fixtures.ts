// logfmt fixtures (R-EVENTS-1, R-FIELDS-1, R-COLLECT-2): application lines in the logfmt layout
// (Heroku's logfmt, go-kit log, Go's log/slog TextHandler: key=value, values bare or double-quoted
// with backslash escapes), with our own keys and values.
import type { ParserFixtures } from './fixture.ts';

export const LOGFMT_FIXTURES: ParserFixtures = {
  matching: [
    {
      name: 'a login line with user, address and request id',
      origin: 'logfmt as Go log/slog TextHandler writes it (time=… level=… msg="…" then attributes)',
      syslog: '<14>Mar  7 10:00:00 app1 portal[812]: time=2026-03-07T10:00:00.000Z level=INFO msg="user logged in" user=alice src_ip=192.0.2.7 request_id=7f3a9c outcome=success',
      parser: 'logfmt',
      rule: 'logfmt',
      expect: { 'event.module': 'application', 'event.dataset': 'logfmt', 'user.name': 'alice', 'source.ip': '192.0.2.7', 'trace.id': '7f3a9c', 'event.outcome': 'success', 'related.user': ['alice'] },
    },
    {
      name: 'an HTTP request line with escaped quotes in a value',
      origin: 'logfmt request log in the go-kit layout (method=, path=, status=, quoted values with \\" escapes)',
      syslog: '<14>Mar  7 10:00:01 app1 api: level=warn method=post path=/api/v1/export status=403 client_ip=198.51.100.4 err="policy \\"no-export\\" denies it" session_id=s-123',
      parser: 'logfmt',
      rule: 'logfmt',
      expect: {
        'http.request.method': 'POST',
        'url.path': '/api/v1/export',
        'http.response.status_code': 403,
        'source.ip': '198.51.100.4',
        'event.reason': 'policy "no-export" denies it',
        'session.id': 's-123',
      },
    },
    {
      name: 'a JSON sender whose message is logfmt: level fills log.level',
      origin: 'an HTTP JSON sender posting a logfmt application line as its message',
      json: { message: 'level=error action=password_reset user=bob result=failed', 'host.name': 'app2' },
      parser: 'logfmt',
      rule: 'logfmt',
      expect: { 'log.level': 'error', 'event.action': 'password-reset', 'user.name': 'bob', 'event.outcome': 'failure' },
    },
  ],
  nonMatching: [
    {
      name: 'prose with one key=value in it',
      syslog: '<14>Mar  7 10:00:00 app1 worker: Setting timeout=30 for upstream pool',
      why: 'not every word is a pair: ordinary prose',
    },
    {
      name: 'a single pair',
      syslog: '<14>Mar  7 10:00:00 app1 worker: retries=3',
      why: 'fewer than two pairs is too little to call it logfmt',
    },
    {
      name: 'an unclosed quote',
      syslog: '<14>Mar  7 10:00:00 app1 worker: level=info user=bob msg="never closed',
      why: 'not well-formed logfmt',
    },
    {
      name: 'pairs whose keys mean nothing to the key table',
      syslog: '<14>Mar  7 10:00:00 app1 worker: queue=mail depth=17 lag_ms=40',
      why: 'nothing maps to a field: not claimed, stored as it came',
    },
  ],
};
