export * from "./accounts";
export * from "./forum";
export * from "./notifications";
export * from "./search";
export * from "./reputation";
export * from "./escalation";
export * from "./townhalls";
export * from "./settings";
