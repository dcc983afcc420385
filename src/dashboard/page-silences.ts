/**
 * The silences page: a form that previews which firing alerts its matchers mute (changing nothing) and adds
 * the silence (POST, through the same parser and store as `snowmon silence add`), and the active and
 * pending silences with what each mutes now and an expire button.
 */

import type { Alert } from '../alerts/alert.js';
import { parseDuration } from '../config/parse-duration.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import { SilenceStore, type Silence } from '../ledger/silence-store.js';
import { matches, parseMatcherTexts } from '../router/matchers.js';
import { parseSilenceMatchers } from '../router/silence-matchers.js';
import { html, type SafeHtml } from './html.js';
import { age, csrfField, severityBadge, shortTime, type PageContext } from './page-context.js';
import { page } from './page-layout.js';
import { bySeverity } from './sort-alerts.js';

/** What the silence form holds, as typed. */
export interface SilenceForm {
  /** One matcher per line (or a `{...}` list). */
  readonly matchers: string;
  readonly duration: string;
  readonly comment: string;
}

export type CheckedSilence =
  { readonly ok: true; readonly texts: readonly string[]; readonly spanMs: number } | { readonly ok: false; readonly errors: readonly string[] };

/** Parses the form as `snowmon silence add` parses its arguments. Pure. */
export function checkSilenceForm(form: SilenceForm): CheckedSilence {
  const lines = form.matchers
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const parsed = parseSilenceMatchers(lines);
  const span = parseDuration(form.duration.trim() === '' ? '1h' : form.duration.trim());
  const errors = [
    ...(parsed.ok ? [] : parsed.errors),
    ...(span === undefined || span <= 0 ? [`invalid duration ${JSON.stringify(form.duration)} (e.g. 30m, 2h, 1d)`] : []),
  ];
  if (!parsed.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, texts: parsed.texts, spanMs: span as number };
}

export function silenceFormFrom(query: URLSearchParams): SilenceForm {
  return { matchers: query.get('matchers') ?? '', duration: query.get('for') ?? '2h', comment: query.get('comment') ?? '' };
}

export async function silencesPage(ctx: PageContext, form: SilenceForm, errors: readonly string[] = []): Promise<SafeHtml> {
  const active = await new AlertLedger(ctx.db).active();
  const silences = (await new SilenceStore(ctx.db).list()).filter((s) => s.endsAt.getTime() > ctx.now.getTime());
  const checked = form.matchers.trim() === '' ? undefined : checkSilenceForm(form);
  const preview = checked?.ok === true ? bySeverity(active.filter((a) => matches(parseMatcherTexts(checked.texts) ?? [], a.labels))) : undefined;
  const allErrors = [...errors, ...(checked?.ok === false ? checked.errors : [])];
  return page(
    ctx,
    '/silences',
    'Silences',
    html` <div class="grid">
      <section class="card">
        <h2>New silence</h2>
        <form class="stack" method="post" action="/silences/preview">
          ${csrfField(ctx)}
          <label
            >matchers, one per line (all must match)<textarea name="matchers" rows="4" required placeholder='alert_type="cost_monitor"&#10;monitor=~"WH_.*"'>
${form.matchers}</textarea>
          </label>
          <label>for<input name="for" value="${form.duration}" placeholder="2h" /></label>
          <label>comment<input name="comment" value="${form.comment}" maxlength="500" /></label>
          ${ctx.identity.method === 'token' ? html`<label>your name<input name="author" maxlength="100" value="${ctx.query.get('author') ?? ''}" /></label>` : ''}
          <div><button type="submit">Preview</button> <button type="submit" class="primary" formaction="/silences">Create silence</button></div>
        </form>
        ${allErrors.length > 0 ? html`<div class="notice error" role="alert">${allErrors.map((e) => html`<div>${e}</div>`)}</div>` : ''}
        ${
          preview !== undefined
            ? html`<h2>It would mute ${preview.length} firing alert${preview.length === 1 ? '' : 's'} now</h2>
                ${mutedList(preview)}`
            : ''
        }
      </section>
      <section class="card">
        <h2>Active and pending</h2>
        ${
          silences.length === 0
            ? html`<p class="muted">No silence is active.</p>`
            : html`<ul class="plain">
                ${silences.map((s) => silenceItem(ctx, s, active))}
              </ul>`
        }
      </section>
    </div>`,
  );
}

function mutedList(alerts: readonly Alert[]): SafeHtml {
  return html`<ul class="plain">
    ${alerts.map((a) => html`<li>${severityBadge(a.labels['severity'])} <a href="${`/alerts/${a.fingerprint}`}">${a.annotations.summary}</a></li>`)}
  </ul>`;
}

function silenceItem(ctx: PageContext, s: Silence, active: readonly Alert[]): SafeHtml {
  const matchers = parseMatcherTexts(s.matchers);
  const muted = matchers === undefined ? [] : active.filter((a) => matches(matchers, a.labels));
  const pending = s.startsAt.getTime() > ctx.now.getTime();
  return html`<li>
    <code>{${s.matchers.join(',')}}</code>
    <span class="small muted"
      >${pending ? 'pending' : 'active'} until ${shortTime(s.endsAt)} · by ${s.createdBy}
      ${age(s.createdAt, ctx.now)}${s.comment !== '' ? html` · ${s.comment}` : ''}</span
    >
    <div class="small">mutes ${muted.length} firing alert${muted.length === 1 ? '' : 's'} now</div>
    <form class="inline" method="post" action="/silences/expire">
      ${csrfField(ctx)}<input type="hidden" name="id" value="${s.id}" /><button type="submit">Expire</button>
    </form>
  </li>`;
}

/** Adds the silence from a posted form; the errors when it does not parse. */
export async function addSilence(ctx: PageContext, form: SilenceForm, author: string): Promise<readonly string[]> {
  const checked = checkSilenceForm(form);
  if (!checked.ok) return checked.errors;
  await new SilenceStore(ctx.db).add(
    { matchers: checked.texts, startsAt: ctx.now, endsAt: new Date(ctx.now.getTime() + checked.spanMs), createdBy: author, comment: form.comment.trim() },
    ctx.now,
  );
  return [];
}
