/* eslint-disable no-console */
function stamp() {
  return new Date().toISOString();
}

/**
 * A failed query's error carries its parameters (drizzle puts them in the
 * message): a password hash, a token hash, whatever a person typed. The log
 * keeps the statement and the database's reason, never the values.
 */
function withoutParameters(text: string) {
  // Up to the stack frames: a value may itself hold line breaks.
  return text.replace(/^params: [\s\S]*?(?=\n {4}at |$(?![\s\S]))/m, "params: (withheld)");
}

function detail(err: unknown): string {
  if (err instanceof Error) {
    const own = withoutParameters(err.stack ?? err.message);
    const cause = err.cause instanceof Error ? `\ncaused by: ${withoutParameters(err.cause.message)}` : "";
    return own + cause;
  }
  return err === undefined ? "" : withoutParameters(String(err));
}

export const log = {
  info(msg: string) {
    console.log(`${stamp()} ${msg}`);
  },
  warn(msg: string, err?: unknown) {
    console.warn(`${stamp()} WARN ${msg}${err ? `\n${detail(err)}` : ""}`);
  },
  error(msg: string, err?: unknown) {
    console.error(`${stamp()} ERROR ${msg}${err ? `\n${detail(err)}` : ""}`);
  },
};
