/* eslint-disable no-console */
function stamp() {
  return new Date().toISOString();
}

function detail(err: unknown) {
  if (err instanceof Error) return err.stack ?? err.message;
  return err === undefined ? "" : String(err);
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
