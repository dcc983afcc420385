/**
 * A rendered message as plain text: the console receiver, the email text part and anything else that
 * cannot show markup. No escaping; the result is for terminals and text/plain mail.
 */

import type { RenderedMessage } from './message.js';

/** Title, intro, due/resolved line, facts, alerts, context, next step, footer; one item a line. */
export function renderMessageText(message: RenderedMessage): string {
  const lines: string[] = [message.title];
  if (message.mention !== undefined) lines.push(`${message.mention} ${message.intro}`);
  else lines.push(message.intro);
  if (message.due !== undefined) lines.push(capitalize(message.due));
  if (message.resolved !== undefined && message.status === 'resolved') lines.push(capitalize(message.resolved));
  lines.push('');
  for (const fact of message.facts) lines.push(`${fact.label}: ${fact.value}`);
  lines.push('');
  for (const alert of message.alerts) {
    lines.push(`- [${alert.status}] ${alert.summary} (${alert.timing})`);
    if (alert.description !== undefined) lines.push(`  ${alert.description}`);
    if (alert.numbers !== undefined) lines.push(`  ${alert.numbers}`);
  }
  if (message.context.length > 0) {
    lines.push('', 'Behind it:');
    for (const line of message.context) lines.push(`- ${line}`);
  }
  lines.push('', `What to do: ${message.nextStep}`);
  if (message.recommendation !== undefined) lines.push(`Recommendation: ${message.recommendation}`);
  lines.push('', message.footer);
  return `${lines.join('\n')}\n`;
}

export function capitalize(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}
