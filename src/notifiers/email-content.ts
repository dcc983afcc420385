/**
 * A rendered message as an email: the subject with the tier first (`[COST 90%] …`), a text part and an
 * HTML part saying the same things. Pure; sending is `email.ts`.
 */

import type { Labels } from '../alerts/alert.js';
import type { RenderedMessage } from './message.js';
import { capitalize, renderMessageText } from './message-text.js';
import type { Notification } from './notifier.js';

export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** `[COST 90%]` for cost monitors, `[PIPELINE FAILURE]` and the like for the rest. */
export function emailTier(labels: Labels): string {
  const type = labels['alert_type'] ?? 'alert';
  if (type === 'cost_monitor' && labels['threshold'] !== undefined) return `[COST ${labels['threshold']}%]`;
  return `[${type.replace(/_/g, ' ').toUpperCase()}]`;
}

export function renderEmail(notification: Notification, message: RenderedMessage): EmailContent {
  const first = notification.alerts.find((a) => a.status === 'firing') ?? notification.alerts[0];
  const tier = emailTier({ ...notification.groupLabels, ...(first?.labels ?? {}) });
  const headline = message.headline;
  const state = message.status === 'resolved' ? `RESOLVED: ` : message.kind === 'escalation' ? 'ESCALATION: ' : `${message.severity.toUpperCase()}: `;
  const due = message.due === undefined ? '' : ` (${message.due})`;
  return {
    subject: `${tier} ${state}${headline}${due}`.slice(0, 250),
    text: renderMessageText(message),
    html: renderHtml(message),
  };
}

function renderHtml(m: RenderedMessage): string {
  const e = escapeHtml;
  const parts: string[] = [`<h2>${e(m.title)}</h2>`];
  parts.push(`<p>${m.mention === undefined ? '' : `<strong>${e(m.mention)}</strong> `}${e(m.intro)}</p>`);
  if (m.due !== undefined) parts.push(`<p><strong>${e(capitalize(m.due))}</strong></p>`);
  if (m.status === 'resolved') parts.push(`<p><s>${e(m.firingTitle)}</s> — <strong>${e(m.resolved ?? 'resolved')}</strong></p>`);
  parts.push(`<table>${m.facts.map((f) => `<tr><th align="left">${e(f.label)}</th><td>${e(f.value)}</td></tr>`).join('')}</table>`);
  parts.push(
    `<ul>${m.alerts.map((a) => `<li><strong>${e(a.summary)}</strong> (${e(a.timing)})${a.description === undefined ? '' : `<br>${e(a.description)}`}${a.numbers === undefined ? '' : `<br>${e(a.numbers)}`}</li>`).join('')}</ul>`,
  );
  if (m.context.length > 0) parts.push(`<p>Behind it:</p><ul>${m.context.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`);
  parts.push(`<p><strong>What to do:</strong> ${e(m.nextStep)}</p>`);
  if (m.recommendation !== undefined) parts.push(`<p><strong>Recommendation:</strong> ${e(m.recommendation)}</p>`);
  parts.push(`<p><small>${e(m.footer)}</small></p>`);
  return `<!doctype html><html><body>${parts.join('\n')}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
