// The Slack-compatible message (docs/alerting.md "Channels"): the incoming-webhook format
// `{text, blocks}` that Slack shows as blocks and Mattermost and Rocket.Chat show as `text`, so
// `text` alone says everything. Slack reads `&`, `<` and `>` as markup; event text is escaped so
// it cannot make a link or a mention. Pure.
import type { Notice } from '../channel.ts';
import { groupText, noticeSummary, oneLine, valueLines } from '../content.ts';

/** Escape the three characters Slack's mrkdwn gives meaning to (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link Slack and Mattermost both render: `<url|label>` (the URL is ours, the label fixed). */
function link(url: string): string {
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|Open the alert>`;
}

function detailLines(notice: Notice): string[] {
  const { alert } = notice;
  const lines = [
    slackEscape(oneLine(alert.message, 500)),
    `*Systems:* ${slackEscape(alert.systems.join(', ') || '-')}   *Hosts:* ${slackEscape(alert.hosts.slice(0, 10).join(', ') || '-')}`,
    `*Rule:* ${slackEscape(oneLine(alert.rule.title))} (${alert.rule.level})   *Detections:* ${alert.detectionCount}   *State:* ${alert.state}`,
  ];
  const group = groupText(alert.group);
  if (group !== '') lines.push(`*Group:* ${slackEscape(group)}`);
  const values = valueLines(notice.values).slice(0, 10);
  if (values.length > 0) lines.push(`*Matched:* ${slackEscape(values.map((line) => line.trim()).join('; '))}`);
  return lines;
}

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

export function slackMessage(notice: Notice): SlackMessage {
  const summary = slackEscape(noticeSummary(notice));
  const details = detailLines(notice);
  return {
    text: [`*${summary}*`, ...details, link(notice.link)].join('\n'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${summary}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: details.join('\n').slice(0, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${link(notice.link)} · alert ${notice.alert.id}` }] },
    ],
  };
}
