export * from "./accounts";
export * from "./forum";
