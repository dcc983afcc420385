/**
 * A rendered message as Slack Block Kit within Slack's limits: header ≤150, section text ≤3000, ≤10
 * fields, ≤50 blocks, and about 10k characters of block text in total (past that Slack answers
 * `msg_blocks_too_long`), with an overflow note instead of what did not fit. Shared by the Web API and
 * webhook notifiers; no I/O.
 */

import type { RenderedMessage } from './message.js';

/** The subset of Block Kit we send (structurally Slack's `KnownBlock`s). */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: PlainText }
  | { readonly type: 'section'; readonly text?: Mrkdwn; readonly fields?: readonly Mrkdwn[] }
  | { readonly type: 'context'; readonly elements: readonly Mrkdwn[] }
  | { readonly type: 'divider' };

interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}
interface Mrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
}

export interface SlackMessage {
  /** Top-level text: what notifications and screen readers show; always set. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

export const SLACK_LIMITS = Object.freeze({
  header: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  blocks: 50,
  totalText: 10_000,
  topLevelText: 3000,
});

/** `&`, `<` and `>` are Slack's control characters in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A configured mention as Slack mrkdwn: `@here`/`@channel` become `<!here>`/`<!channel>`, `<@U…>`,
 * `<!subteam^…>` pass through, anything else stays visible text (Slack only pings ids).
 */
export function slackMention(mention: string): string {
  if (/^@(here|channel|everyone)$/.test(mention)) return `<!${mention.slice(1)}>`;
  if (/^<[@!#][^>]+>$/.test(mention)) return mention;
  return escapeMrkdwn(mention);
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Builds the blocks of one message; the parent, a thread reply and a resolved parent all use this. */
export function renderSlackMessage(message: RenderedMessage): SlackMessage {
  const mention = message.mention === undefined ? '' : `${slackMention(message.mention)} `;
  const head: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(message.title, SLACK_LIMITS.header), emoji: true } }];
  const introLines = [`${mention}${escapeMrkdwn(message.intro)}`];
  if (message.status === 'resolved') introLines.push(`~${escapeMrkdwn(message.firingTitle)}~ — *${escapeMrkdwn(message.resolved ?? 'resolved')}*`);
  if (message.due !== undefined) introLines.push(`:alarm_clock: *${escapeMrkdwn(message.due)}*`);
  head.push(section(introLines.join('\n')));
  head.push({
    type: 'section',
    fields: message.facts
      .slice(0, SLACK_LIMITS.fields)
      .map((f) => mrkdwn(truncate(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, SLACK_LIMITS.fieldText))),
  });
  const next = [`*What to do:* ${escapeMrkdwn(message.nextStep)}`];
  if (message.recommendation !== undefined) next.push(`*Recommendation:* ${escapeMrkdwn(message.recommendation)}`);
  const tail: SlackBlock[] = [
    section(next.join('\n')),
    { type: 'context', elements: [mrkdwn(truncate(escapeMrkdwn(message.footer), SLACK_LIMITS.sectionText))] },
  ];

  const body: string[] = message.alerts.map((a) => {
    const lines = [`*${a.status === 'firing' ? '•' : '✓'} ${escapeMrkdwn(a.summary)}* _(${escapeMrkdwn(a.timing)})_`];
    if (a.description !== undefined) lines.push(escapeMrkdwn(a.description));
    if (a.numbers !== undefined) lines.push(escapeMrkdwn(a.numbers));
    return lines.join('\n');
  });
  if (message.context.length > 0) body.push(['*Behind it:*', ...message.context.map((l) => `• ${escapeMrkdwn(l)}`)].join('\n'));

  const fixed = [...head, ...tail];
  let budget = SLACK_LIMITS.totalText - blockTextLength(fixed) - 200;
  const middle: SlackBlock[] = [];
  let omitted = 0;
  for (const [index, text] of body.entries()) {
    const block = section(text);
    const size = blockTextLength([block]);
    const room = SLACK_LIMITS.blocks - fixed.length - 1 - middle.length;
    if (size > budget || room <= 0) {
      omitted = body.length - index;
      break;
    }
    budget -= size;
    middle.push(block);
  }
  if (omitted > 0) {
    middle.push(section(`_…${omitted} more item${omitted === 1 ? '' : 's'} not shown (Slack's message size limit); \`snowmon\` has the full list._`));
  }
  const text = truncate(`${mention}${message.title}${message.due === undefined ? '' : ` — ${message.due}`}`, SLACK_LIMITS.topLevelText);
  return Object.freeze({ text, blocks: Object.freeze([...head, ...middle, ...tail]) });
}

function mrkdwn(text: string): Mrkdwn {
  return { type: 'mrkdwn', text };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: mrkdwn(truncate(text, SLACK_LIMITS.sectionText)) };
}

/** Characters of text across blocks, the measure Slack's undocumented total limit applies to. */
export function blockTextLength(blocks: readonly SlackBlock[]): number {
  let total = 0;
  for (const block of blocks) {
    if (block.type === 'header') total += block.text.text.length;
    else if (block.type === 'section') total += (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((s, f) => s + f.text.length, 0);
    else if (block.type === 'context') total += block.elements.reduce((s, e) => s + e.text.length, 0);
  }
  return total;
}
