/**
 * Names a Node fs failure the way an operator reads it (`no such file`, `permission denied`), without
 * the stack or the raw message. Used by every config path that reads a file.
 */

/** `no such file`, `permission denied`, ... from a Node fs error, without its stack or path echo. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    default:
      return code ? code.toLowerCase() : 'unreadable';
  }
}
