/**
 * "May this actor do this thing?", answered in one place. Domain functions
 * call these checks (through `ensure`), the `can` objects views receive are
 * built from them, and socket room checks use them too.
 */
export * from "./actor";
export * from "./ensure";
export * from "./category";
export * from "./post";
export * from "./question";
export * from "./case";
export * from "./private-thread";
export * from "./saved-reply";
export * from "./townhall";
export * from "./webhook";
export * from "./user";
export * from "./search";
export * from "./setup";
export * from "./audit";
export * from "./mail";
export * from "./moderation";
export * from "./restriction";
