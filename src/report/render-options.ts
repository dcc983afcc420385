/**
 * Options the audit renderers share, with their defaults. Each renderer reads the ones that apply to it
 * (colour and width only matter for the terminal table).
 */

export interface RenderOptions {
  /** ANSI colour in the terminal table; the CLI turns it on for a TTY and off for `NO_COLOR`. Default false. */
  readonly color?: boolean;
  /**
   * Maximum line width of the terminal table; long text is cut with `…`. Default: no limit (a report
   * written to a file or a pipe is not cut); the CLI passes the terminal's width when writing to a TTY.
   */
  readonly width?: number;
  /** Rows shown per check (tables); the rest are counted. Default 10. */
  readonly maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 10;

/** The options with defaults filled in; a width is kept at 60 or more so tables stay readable, none is Infinity. */
export function resolveOptions(options: RenderOptions = {}): Required<RenderOptions> {
  return {
    color: options.color ?? false,
    width: options.width === undefined || !Number.isFinite(options.width) ? Infinity : Math.max(60, Math.floor(options.width)),
    maxRows: Math.max(0, Math.floor(options.maxRows ?? DEFAULT_MAX_ROWS)),
  };
}
