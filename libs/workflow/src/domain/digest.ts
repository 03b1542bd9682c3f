import { Dec, formatMoney } from '@closegap/domain';

/** One item of the digest. */
export interface DigestItem {
  exception_id: string;
  category: string;
  client_name?: string;
  owner_team: string;
  value_at_risk: string;
  currency?: string;
  suggested_action: string;
  age_days: number;
  sla_breached: boolean;
  overdue_hours?: number;
}

export interface DigestInput {
  generated_at: Date;
  console_url?: string;
  open_count: number;
  acknowledged_count: number;
  value_at_risk: string;
  by_owner: { owner_team: string; count: number; value_at_risk: string; breached: number }[];
  /** the items that matter most (highest value first) */
  top: DigestItem[];
  /** every active exception whose SLA is breached: escalated */
  breached: DigestItem[];
  /** sources the latest run could not check, with the reason */
  not_checked: { category: string; reason: string }[];
  latest_run?: { run_id: string; as_of: string; finished_at: string };
}

type TextObject = { type: 'mrkdwn' | 'plain_text'; text: string; emoji?: boolean };
export type Block =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text: TextObject; fields?: TextObject[] }
  | { type: 'section'; fields: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

/** Slack incoming-webhook payload (Block Kit), with `text` as the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

const mrkdwn = (text: string): TextObject => ({ type: 'mrkdwn', text: text.length > 2900 ? text.slice(0, 2899) + '\u2026' : text });

/** Slack mrkdwn needs &, < and > escaped in data. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function money(value: string, currency?: string): string {
  return formatMoney(new Dec(value || '0'), currency ?? 'USD');
}

function itemLine(item: DigestItem, consoleUrl: string | undefined): string {
  const id = consoleUrl ? `<${consoleUrl}/exceptions/${encodeURIComponent(item.exception_id)}|${item.exception_id}>` : item.exception_id;
  const late = item.sla_breached ? ` :rotating_light: SLA breached${item.overdue_hours ? ` ${Math.round(item.overdue_hours)}h ago` : ''}` : '';
  return `*${money(item.value_at_risk, item.currency)}* ${slackEscape(item.category)} \u00b7 ${slackEscape(item.client_name ?? 'unresolved client')} \u00b7 ${slackEscape(item.owner_team)} \u00b7 ${Math.floor(item.age_days)}d${late} (${id})\n> ${slackEscape(item.suggested_action)}`;
}

/** The daily digest: counts, value at risk, escalations (breached SLAs), top items with their suggested action, not-checked sources. */
export function buildDigest(input: DigestInput): SlackMessage {
  const day = input.generated_at.toISOString().slice(0, 10);
  const total = input.open_count + input.acknowledged_count;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: `Closegap daily digest \u2014 ${day}`, emoji: true } },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Active exceptions*\n${total} (${input.open_count} open, ${input.acknowledged_count} acknowledged)`),
        mrkdwn(`*Value at risk*\n${money(input.value_at_risk)}`),
        mrkdwn(`*SLA breached*\n${input.breached.length}`),
        mrkdwn(`*Latest run*\n${input.latest_run ? `${slackEscape(input.latest_run.run_id)} (as of ${input.latest_run.as_of})` : 'none yet'}`),
      ],
    },
  ];
  if (input.by_owner.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        '*By owner team*\n' +
          input.by_owner.map((o) => `\u2022 *${slackEscape(o.owner_team)}*: ${o.count} \u00b7 ${money(o.value_at_risk)}${o.breached ? ` \u00b7 ${o.breached} breached` : ''}`).join('\n'),
      ),
    });
  }
  if (input.breached.length > 0) {
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: mrkdwn(`:rotating_light: *Escalations: ${input.breached.length} SLA breached*`) });
    for (const item of input.breached.slice(0, 10)) blocks.push({ type: 'section', text: mrkdwn(itemLine(item, input.console_url)) });
    if (input.breached.length > 10) blocks.push({ type: 'context', elements: [mrkdwn(`\u2026 and ${input.breached.length - 10} more breached`)] });
  }
  if (input.top.length > 0) {
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: mrkdwn('*What matters most*') });
    for (const item of input.top) blocks.push({ type: 'section', text: mrkdwn(itemLine(item, input.console_url)) });
  }
  if (input.not_checked.length > 0) {
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: mrkdwn(':warning: *Not checked in the latest run*\n' + input.not_checked.map((n) => `\u2022 ${slackEscape(n.category)}: ${slackEscape(n.reason)}`).join('\n')),
    });
  }
  if (input.console_url) blocks.push({ type: 'context', elements: [mrkdwn(`<${input.console_url}|Open the Closegap console>`)] });
  const text = `Closegap digest ${day}: ${total} active exceptions, ${money(input.value_at_risk)} at risk, ${input.breached.length} SLA breached`;
  return { text, blocks };
}
