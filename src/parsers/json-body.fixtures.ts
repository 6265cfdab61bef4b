// JSON-body fixtures (R-EVENTS-1, R-FIELDS-1, R-COLLECT-2): JSON application logs as they are carried
// in syslog messages (pino, bunyan, Go log/slog JSONHandler, Python json loggers: one object per
// line), with ECS names nested or dotted and common application keys; our own keys and values.
import type { ParserFixtures } from './fixture.ts';

export const JSON_BODY_FIXTURES: ParserFixtures = {
  matching: [
    {
      name: 'an application JSON line over syslog with common keys',
      origin: 'JSON application log layout (level, user, event, ip) as pino/bunyan-style loggers write it',
      syslog: '<12>Mar  7 10:00:00 app1 app[12]: {"level":"warn","user":"bob","event":"login_failed","ip":"192.0.2.9","status":401}',
      parser: 'json-body',
      rule: 'json-object',
      expect: {
        'event.module': 'application',
        'event.dataset': 'json-body',
        'user.name': 'bob',
        'event.action': 'login-failed',
        'source.ip': '192.0.2.9',
        'http.response.status_code': 401,
        'related.ip': ['192.0.2.9'],
      },
    },
    {
      name: 'nested and dotted ECS names in the body',
      origin: 'ECS-formatted application logs (ecs-logging libraries: nested objects and dotted names)',
      syslog:
        '<14>Mar  7 10:00:01 app1 billing: {"@timestamp":"2026-03-07T10:00:01.000Z","log.level":"info","message":"invoice exported","user":{"name":"carol","id":"u-77"},"source.ip":"198.51.100.20","event":{"action":"invoice-export","category":["file"],"outcome":"success"},"trace":{"id":"abc123"}}',
      parser: 'json-body',
      rule: 'json-object',
      expect: {
        'user.name': 'carol',
        'user.id': 'u-77',
        'source.ip': '198.51.100.20',
        'event.action': 'invoice-export',
        'event.category': ['file'],
        'event.outcome': 'success',
        'trace.id': 'abc123',
        message:
          '{"@timestamp":"2026-03-07T10:00:01.000Z","log.level":"info","message":"invoice exported","user":{"name":"carol","id":"u-77"},"source.ip":"198.51.100.20","event":{"action":"invoice-export","category":["file"],"outcome":"success"},"trace":{"id":"abc123"}}',
      },
    },
    {
      name: 'a JSON sender whose message is a JSON object',
      origin: 'an HTTP JSON sender posting an application’s JSON line as its message',
      json: { message: '{"lvl":"error","username":"dave","remote_addr":"203.0.113.40","method":"delete","url":"/admin/users/7"}', 'service.name': 'admin-ui' },
      parser: 'json-body',
      rule: 'json-object',
      expect: { 'log.level': 'error', 'user.name': 'dave', 'source.ip': '203.0.113.40', 'http.request.method': 'DELETE', 'url.original': '/admin/users/7' },
    },
  ],
  nonMatching: [
    {
      name: 'broken JSON',
      syslog: '<14>Mar  7 10:00:00 app1 app: {"level":"warn","user":"bob",}',
      why: 'not valid JSON: stored as it came',
    },
    {
      name: 'a JSON array',
      syslog: '<14>Mar  7 10:00:00 app1 app: [{"user":"bob"}]',
      why: 'only a JSON object is a log record',
    },
    {
      name: 'a JSON object whose keys map to nothing',
      syslog: '<14>Mar  7 10:00:00 app1 app: {"queue":"mail","depth":17}',
      why: 'no key means an ECS field: not claimed',
    },
    {
      name: 'prose in braces',
      syslog: '<14>Mar  7 10:00:00 app1 app: {user bob logged in}',
      why: 'braces alone do not make JSON',
    },
  ],
};
