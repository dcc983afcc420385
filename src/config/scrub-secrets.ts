/**
 * Removes secrets from free text (error messages, stacks, log lines): PEM blocks and `password=...`,
 * `token: ...`, `private_key=...` style assignments. One set of patterns shared by check failures and
 * daemon logs; it cannot know a secret that appears bare, so values stay wrapped in `Secret` where possible.
 */

const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g;
/**
 * `password=...`, `token: ...`. Not a config error's own words after its key (`receivers.slack.token:
 * environment variable SLACK_BOT_TOKEN is not set`): those messages never hold a value, and redacting them
 * hid which variable to set.
 */
const SECRET_ASSIGNMENT =
  /\b(password|passcode|passphrase|token|secret|private_?key|routing_?key|authorization)(\s*[=:]\s*)(?!environment variable |secrets come from |cannot read )("[^"]*"|'[^']*'|(?:Bearer\s+)?\S+)/gi;
/** user:password@ in a URL (postgres://u:p@host, https://u:p@host). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

/** Slack incoming-webhook URLs: the path is the credential. */
const SLACK_WEBHOOK = /https:\/\/hooks\.slack\.com\/[^\s"'<>]+/gi;

/** `text` with every recognised secret replaced by `[redacted]` (PEM blocks by `[redacted key]`). */
export function scrubSecrets(text: string): string {
  return text
    .replace(PEM_BLOCK, '[redacted key]')
    .replace(SECRET_ASSIGNMENT, '$1$2[redacted]')
    .replace(URL_CREDENTIALS, '$1[redacted]@')
    .replace(SLACK_WEBHOOK, 'https://hooks.slack.com/[redacted]');
}
